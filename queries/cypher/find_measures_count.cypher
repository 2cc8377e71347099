// How many measures find_measures_list would page through (same filters).
// mode: read
// access: public
MATCH (m:Measure)
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
WITH m, d
WHERE ($level IS NULL OR m.level = $level)
  AND ($batch IS NULL OR d.batch = $batch)
  AND ($region_ids IS NULL OR m.region_id IN $region_ids)
RETURN count(m) AS total
