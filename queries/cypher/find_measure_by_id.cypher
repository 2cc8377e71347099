// One measure by its id, as a summary row with how many localisations it has.
// mode: read
// access: public
MATCH (m:Measure {id: $id})
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.category AS category, m.status AS status, m.scope AS scope,
       m.untitled AS untitled, coalesce(m.date, d.date) AS date, d.batch AS batch,
       m.content AS content,
       size([(m)<-[:ADAPTS]-(x:Measure) | x.id]) AS localisations
