// How many measures the given regions' own documents hold, and how many of them adapt a
// national measure, per region: a region profile's summary of its cities (at 10,000
// documents 广东's cities hold ~20,000 measures, sent whole they were 4 MB).
// mode: read
// access: public
// example: {"region_ids": ["440000", "440100"]}
MATCH (m:Measure)
WHERE m.region_id IN $region_ids
RETURN m.region_id AS region_id, count(m) AS measures,
       count(CASE WHEN size([(m)-[:ADAPTS]->(n:Measure) | n]) > 0 THEN 1 END) AS adopted
ORDER BY region_id
