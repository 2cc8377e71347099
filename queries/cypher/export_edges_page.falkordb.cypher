// One page of the whole graph's relationships, for the streamed exports: the next $limit
// anchor nodes after the cursor $after (-1 on the first page), each with the relationships
// it anchors (see export_edges_page.cypher for the rows). The cursor is FalkorDB's node id,
// walked by a NodeByIdSeek that LIMIT stops (see export_nodes_page.falkordb.cypher).
// mode: read
// example: {"after": -1, "limit": 100, "by_target": ["LEADS", "PROMOTES"]}
// One row per relationship, as JSON text the client parses in one call per page: a third of
// the engine's time of one row per anchor with its relationships collected (collect and
// the two OPTIONAL MATCH applies were most of it; docs/EXPORTS.md). `strings` counts the
// row's strings, as in export_nodes_page.falkordb.cypher (again: export_edges_by_id), but
// not those in lists: no relationship has a list property, and one that had would be read
// again as values (counting them cost the engine as much again as the page itself).
MATCH (n)
WHERE id(n) > $after
WITH n LIMIT $limit
MATCH (n)-[r]->(b)
WHERE NOT type(r) IN $by_target
RETURN toJSON([0, id(n), id(r), n.id, b.id, type(r), n.date, b.date, properties(r)]) AS row,
       1 + size([x IN [n.id, b.id, n.date, b.date] WHERE typeOf(x) = 'String']) + size(keys(r))
         + size([k IN keys(r) WHERE typeOf(r[k]) = 'String']) AS strings
UNION ALL
MATCH (n)
WHERE id(n) > $after
WITH n LIMIT $limit
MATCH (a)-[s]->(n)
WHERE type(s) IN $by_target
RETURN toJSON([1, id(n), id(s), a.id, n.id, type(s), a.date, n.date, properties(s)]) AS row,
       1 + size([x IN [a.id, n.id, a.date, n.date] WHERE typeOf(x) = 'String']) + size(keys(s))
         + size([k IN keys(s) WHERE typeOf(s[k]) = 'String']) AS strings
UNION ALL
MATCH (n)
WHERE id(n) > $after
WITH n LIMIT $limit
RETURN toJSON([2, collect(id(n))]) AS row, 0 AS strings
