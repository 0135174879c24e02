// Deletes the Source nodes `--remove` takes out, once their statements are off every record.
UNWIND $ids AS id
MATCH (s:Source {id: id})
DETACH DELETE s
