// Whether an entity with the id $id and the label $label exists (a selection's node or theme must).
MATCH (n:Entity {id: $id}) WHERE $label IN labels(n) RETURN count(n) > 0 AS found
