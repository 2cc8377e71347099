// Loaded documents page by page, with how many measures each holds.
// mode: read
MATCH (d:Document)
RETURN d.id AS id, d.title AS title, d.number AS number, d.date AS date, d.level AS level,
       d.region_id AS region_id, d.source_file AS source_file, d.batch AS batch, d.stub AS stub,
       size([(m:Measure)-[:DERIVED_FROM]->(d) | m.id]) AS measures
ORDER BY CASE d.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 ELSE 2 END, id
SKIP $offset
LIMIT $limit
