// Coverage: for every batch, each national measure and the regions whose measures adapt it.
// The service turns this into the batch x region matrix (it keeps a set per cell).
// A pattern comprehension per national measure, not OPTIONAL MATCH + collect(DISTINCT):
// the grouping over every ADAPTS edge (~15,000 at 1,000 documents) was most of the
// query's time, and the service dedupes region ids anyway (a region may repeat here).
// mode: read
// access: public
MATCH (b:Batch)-[:PROMOTES]->(n:Measure)
RETURN b.number AS batch, b.measure_count AS measure_count, n.id AS measure_id,
       [(l:Measure)-[:ADAPTS]->(n) | l.region_id] AS region_ids
ORDER BY batch, measure_id
