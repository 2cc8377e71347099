// Coverage: for every batch, each national measure and the regions whose measures adapt it.
// The service turns this into the batch x region matrix.
// mode: read
MATCH (b:Batch)-[:PROMOTES]->(n:Measure)
OPTIONAL MATCH (l:Measure)-[:ADAPTS]->(n)
RETURN b.number AS batch, b.measure_count AS measure_count, n.id AS measure_id,
       collect(DISTINCT l.region_id) AS region_ids
ORDER BY batch, measure_id
