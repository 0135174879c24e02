// Every entity that has a tally (themes, events, organisations), for a recount of them all: after a bulk
// load, or on a graph written before tallies were kept.
MATCH (n) WHERE n:Theme OR n:Event OR n:Organization
RETURN collect(n.id) AS ids
