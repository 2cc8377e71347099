// Loaded documents page by page, with how many measures each holds and the region's name
// (a reader looks for 河北省, not 130000). Grouped by level, then by region code (the usual
// order of Chinese statistics: 北京, 天津, 河北 …), oldest first within a region.
// mode: read
// access: public
MATCH (d:Document)
OPTIONAL MATCH (r:Region {id: d.region_id})
RETURN d.id AS id, d.title AS title, d.number AS number, d.date AS date, d.level AS level,
       d.region_id AS region_id, r.name AS region, d.source_file AS source_file, d.batch AS batch,
       d.stub AS stub, size([(m:Measure)-[:DERIVED_FROM]->(d) | m.id]) AS measures
ORDER BY CASE d.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 WHEN 'municipal' THEN 2 ELSE 3 END,
         region_id, date, id
SKIP $offset
LIMIT $limit
