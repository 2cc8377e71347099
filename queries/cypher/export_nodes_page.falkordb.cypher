// One page of the whole graph's nodes, for the streamed exports (GraphML, GEXF, JSON):
// the next $limit nodes after the cursor $after (-1 on the first page).
// mode: read
// example: {"after": -1, "limit": 100}
// The cursor is FalkorDB's node id: `id(n) > $after` is a NodeByIdSeek that walks ids
// upwards, so LIMIT stops it after one page. Paging by the natural key (n.id) sorted every
// node after the cursor on each page: quadratic, 0.15 s a page at 1,000 documents already.
// No ORDER BY for the same reason (the seek yields ids in order; tests/store checks that
// small pages give back every node once). Properties as JSON text: the client parses one
// string about 2x faster than a map of tagged values.
MATCH (n)
WHERE id(n) > $after AND NOT n:GraphMeta
WITH n LIMIT $limit
RETURN id(n) AS cursor, n.id AS id, labels(n)[0] AS label, toJSON(properties(n)) AS properties
