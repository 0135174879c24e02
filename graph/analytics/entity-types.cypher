// The type of the entity of each id in $ids (null where no entity has it), and whether the selectors $asOf
// and $source keep it: an id argument is checked with it before any GDS work.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
RETURN id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type,
       n IS NOT NULL AND {{selectedEntity(n)}} AS selected
