// Every fact has one subject and one object, the entities of its subjectId and objectId.
MATCH (f:Fact)
WITH f, COLLECT { MATCH (f)-[:SUBJECT]->(s) RETURN s } AS subjects,
        COLLECT { MATCH (f)-[:OBJECT]->(o) RETURN o } AS objects
WHERE size(subjects) <> 1 OR size(objects) <> 1
   OR NOT coalesce(subjects[0]:Entity AND subjects[0].id = f.subjectId, false)
   OR NOT coalesce(objects[0]:Entity AND objects[0].id = f.objectId, false)
RETURN coalesce(f.id, elementId(f)) AS id
