// One page of the whole graph's nodes, for the streamed exports (GraphML, GEXF, JSON):
// the next $limit nodes after the cursor $after (-1 on the first page), one row each,
// [cursor, id, label, properties] (see export_nodes_page.cypher).
// mode: read
// example: {"after": -1, "limit": 100}
// The cursor is FalkorDB's node id: `id(n) > $after` is a NodeByIdSeek that walks ids
// upwards, so LIMIT stops it after one page. Paging by the natural key (n.id) sorted every
// node after the cursor on each page: quadratic, 0.15 s a page at 1,000 documents already.
// No ORDER BY for the same reason (the seek yields ids in order; tests/store checks that
// small pages give back every node once). The row as JSON text: the client parses a page
// of them in one call, far faster than maps of tagged values. toJSON leaves '"' and '\'
// inside strings as they are, so `strings` counts the row's strings (in lists too): a row
// whose text has other quotes than theirs, or a backslash, is read again as values
// (export_nodes_by_id).
MATCH (n)
WHERE id(n) > $after AND NOT n:GraphMeta
WITH n LIMIT $limit
RETURN toJSON([id(n), n.id, labels(n)[0], properties(n)]) AS row,
       1 + size([x IN [n.id] WHERE typeOf(x) = 'String']) + size(keys(n))
         + reduce(c = 0, k IN keys(n) | c + CASE WHEN typeOf(n[k]) = 'String' THEN 1 ELSE
           size([x IN CASE WHEN typeOf(n[k]) = 'List' THEN n[k] ELSE [] END WHERE typeOf(x) = 'String']) END) AS strings
