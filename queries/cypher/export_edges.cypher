// Every relationship with its end ids, type and properties, for GraphML / GEXF / JSON exports.
// mode: read
// access: public
MATCH (a)-[r]->(b)
RETURN a.id AS from_id, labels(a)[0] AS from_label, b.id AS to_id, labels(b)[0] AS to_label,
       type(r) AS type, properties(r) AS properties
ORDER BY type, from_id, to_id
