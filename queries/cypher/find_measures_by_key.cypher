// Measures whose printed number (key) is $key: '12', '二.1'. A bare number names a measure
// in several documents; the service prefers the region asked about, then national.
// mode: read
// access: public
MATCH (m:Measure {key: $key})
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.category AS category, m.status AS status, m.scope AS scope,
       m.untitled AS untitled, coalesce(m.date, d.date) AS date, d.batch AS batch,
       size([(m)<-[:ADAPTS]-(x:Measure) | x.id]) AS localisations
ORDER BY id
LIMIT 50
