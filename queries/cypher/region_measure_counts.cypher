// How many measures the given regions' own documents hold, per region: a region profile's
// summary of its cities (at 10,000 documents 广东's cities hold ~20,000 measures, sent
// whole they were 4 MB). How many adapt a national measure: region_adopted_counts.
// mode: read
// access: public
// example: {"region_ids": ["440000", "440100"]}
MATCH (m:Measure)
WHERE m.region_id IN $region_ids
RETURN m.region_id AS region_id, count(m) AS measures
ORDER BY region_id
