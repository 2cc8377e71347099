// The batches the given regions' documents implement, with every national measure of
// each batch and whether a measure of those regions adapts it.
// mode: read
// access: public
MATCH (d:Document)
WHERE d.region_id IN $region_ids AND d.batch IS NOT NULL
WITH DISTINCT d.batch AS number
MATCH (b:Batch {number: number})-[:PROMOTES]->(n:Measure)
RETURN b.id AS batch_id, b.number AS batch, n.id AS id, n.key AS key, n.title AS title,
       n.scope AS scope, n.category AS category, n.untitled AS untitled,
       [(l:Measure)-[:ADAPTS]->(n) WHERE l.region_id IN $region_ids | l.id] AS adopted_by
ORDER BY batch, n.seq, id
