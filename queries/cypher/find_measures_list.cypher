// Measures page by page, optionally filtered by level, batch (of the promoting document)
// and region. National measures first, then by document and position. The content is
// cut to a snippet in Python: FalkorDB 4.16's substring() counts bytes and can split a
// UTF-8 character.
// mode: read
// access: public
MATCH (m:Measure)
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
WITH m, d
WHERE ($level IS NULL OR m.level = $level)
  AND ($batch IS NULL OR d.batch = $batch)
  AND ($region_ids IS NULL OR m.region_id IN $region_ids)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.category AS category, m.status AS status, m.scope AS scope,
       m.untitled AS untitled, coalesce(m.date, d.date) AS date, d.batch AS batch,
       m.content AS content,
       size([(m)<-[:ADAPTS]-(x:Measure) | x.id]) AS localisations
ORDER BY CASE m.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 ELSE 2 END,
         m.document_id, m.seq, m.id
SKIP $offset
LIMIT $limit
