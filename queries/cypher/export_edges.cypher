// Every relationship with its end ids, type and properties, for GraphML / GEXF / JSON exports.
// mode: read
// Internal: the whole graph in one result. Users get it streamed page by page from
// /api/export/json (no query=) and the other exports; through ?query= the API would hold
// it whole (~1 GB at 10,000 documents). Tests read it directly to check the exports.
MATCH (a)-[r]->(b)
RETURN a.id AS from_id, labels(a)[0] AS from_label, b.id AS to_id, labels(b)[0] AS to_label,
       type(r) AS type, properties(r) AS properties
ORDER BY type, from_id, to_id
