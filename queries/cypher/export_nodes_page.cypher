// One page of the whole graph's nodes, for the streamed exports (GraphML, GEXF, JSON):
// the next $limit nodes after the cursor $after ('' on the first page), with the cursor
// to pass for the next page. GraphMeta is bookkeeping, not data.
// mode: read
// example: {"after": "", "limit": 100}
MATCH (n)
WHERE n.id > $after AND NOT n:GraphMeta
RETURN n.id AS cursor, n.id AS id, labels(n)[0] AS label, properties(n) AS properties
ORDER BY n.id
LIMIT $limit
