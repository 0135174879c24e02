// One entity by $id, as analytics answers name a node: its type, id and name.
MATCH (n:Entity {id: $id})
RETURN {type: [label IN labels(n) WHERE label <> 'Entity'][0], id: n.id, name: coalesce(n.name, n.id)} AS node
