WITH trim(toLower(apoc.text.regreplace($phrase, '([+\\-&|!(){}\\[\\]^"~*?:\\\\/])', '\\\\$1'))) AS terms
CALL (terms) {
  WITH terms WHERE terms <> ''
  CALL db.index.fulltext.queryNodes('entity_search', terms, {limit: $limit}) YIELD node, score
  RETURN node, score
}
RETURN {
  id: node.id, type: head([label IN labels(node) WHERE label <> 'Entity']), name: node.name,
  description: node.description, score: score
} AS hit
ORDER BY score DESC, node.id
