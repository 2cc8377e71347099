// One page of a region's own measures (region_measures' row shape), in document order.
// mode: read
// access: public
// example: {"region_id": "440000", "offset": 0, "limit": 20}
MATCH (m:Measure)
WHERE m.region_id = $region_id
WITH m
ORDER BY m.document_id, m.seq, m.id
SKIP $offset LIMIT $limit
OPTIONAL MATCH (d:Document {id: m.document_id})
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.status AS status, coalesce(m.date, d.date) AS date,
       d.batch AS batch,
       [(m)-[a:ADAPTS]->(n:Measure) | {id: n.id, title: n.title, score: a.score, method: a.method}] AS adapts
