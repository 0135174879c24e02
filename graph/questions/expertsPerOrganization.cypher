// Only experts are AFFILIATED_WITH an organisation: its degree is the count.
MATCH (organization:Organization)
WITH organization, COUNT { (organization)<-[:AFFILIATED_WITH]-() } AS count
ORDER BY count DESC, organization.name LIMIT $limit
RETURN {entity: {id: organization.id, type: 'Organization', name: organization.name}, count: count} AS tally
