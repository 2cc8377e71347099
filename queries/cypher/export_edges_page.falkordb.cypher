// One page of the whole graph's relationships, for the streamed exports: the next $limit
// anchor nodes after the cursor $after (-1 on the first page), each with the relationships
// it anchors (see export_edges_page.cypher). The cursor is FalkorDB's node id, walked by a
// NodeByIdSeek that LIMIT stops (see export_nodes_page.falkordb.cypher); the relationships
// come as one JSON text per anchor, which the client parses far faster than nested maps.
// mode: read
// example: {"after": -1, "limit": 100, "by_target": ["LEADS", "PROMOTES"]}
MATCH (n)
WHERE id(n) > $after
WITH n LIMIT $limit
OPTIONAL MATCH (n)-[r]->(b)
WHERE NOT type(r) IN $by_target
WITH n, collect(CASE WHEN r IS NOT NULL THEN {from_id: n.id, to_id: b.id, type: type(r), properties: properties(r),
                                             from_date: n.date, to_date: b.date} END) AS outs
OPTIONAL MATCH (a)-[s]->(n)
WHERE type(s) IN $by_target
WITH n, outs, collect(CASE WHEN s IS NOT NULL THEN {from_id: a.id, to_id: n.id, type: type(s), properties: properties(s),
                                             from_date: a.date, to_date: n.date} END) AS ins
// concatenated after the WITH: FalkorDB answers null for toJSON(outs + collect(...))
RETURN id(n) AS cursor, toJSON(outs + ins) AS edges
