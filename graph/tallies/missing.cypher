// True when a theme, an event or an organisation has no tally yet (a graph written before tallies were kept,
// or by a tool other than the importer): the counts of the labels (Neo4j's count store) against the entries
// of the tallies' indexes.
RETURN COUNT { (:Theme) } + COUNT { (:Event) } + COUNT { (:Organization) } >
       COUNT { MATCH (theme:Theme) WHERE theme.eventsTallyOrder IS NOT NULL } +
       COUNT { MATCH (event:Event) WHERE event.companiesTallyOrder IS NOT NULL } +
       COUNT { MATCH (organization:Organization) WHERE organization.expertsTallyOrder IS NOT NULL } AS missing
