// Measures promoted by the given regions' own documents, with the national measures they adapt.
// mode: read
// access: public
MATCH (m:Measure)
WHERE m.region_id IN $region_ids
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.status AS status, coalesce(m.date, d.date) AS date,
       d.batch AS batch,
       [(m)-[a:ADAPTS]->(n:Measure) | {id: n.id, title: n.title, score: a.score, method: a.method}] AS adapts
ORDER BY region_id, document_id, m.seq, id
