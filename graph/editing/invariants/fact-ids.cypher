// Every fact's id is fact:<predicate>:<subject id>:<object id>, of a predicate of the model.
MATCH (f:Fact)
WHERE NOT coalesce(f.predicate IN $predicates, false)
   OR NOT coalesce(f.id = 'fact:' + toLower(f.predicate) + ':' + f.subjectId + ':' + f.objectId, false)
RETURN coalesce(f.id, elementId(f)) AS id
