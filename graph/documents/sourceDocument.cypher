MATCH (source:Source {id: $id})
RETURN {id: source.id, title: source.title, file: source.file} AS document
