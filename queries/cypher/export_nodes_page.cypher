// One page of the whole graph's nodes, for the streamed exports (GraphML, GEXF, JSON):
// the next $limit nodes after the cursor $after ('' on the first page), one row each,
// [cursor, id, label, properties] (the cursor to pass for the next page is the last's).
// GraphMeta is bookkeeping, not data. (`strings`: see the FalkorDB variant.)
// mode: read
// example: {"after": "", "limit": 100}
MATCH (n)
WHERE n.id > $after AND NOT n:GraphMeta
RETURN [n.id, n.id, labels(n)[0], properties(n)] AS row, null AS strings
ORDER BY n.id
LIMIT $limit
