// Deletes a run's completion mark, once its tags are removed or its records deleted.
MATCH (m:ImportRun {id: $run})
DELETE m
