// The batches the given regions' documents implement, with every national measure of
// each batch. Which of them the regions adopted comes from region_adoptions.
// mode: read
// access: public
MATCH (d:Document)
WHERE d.region_id IN $region_ids AND d.batch IS NOT NULL
WITH DISTINCT d.batch AS number
MATCH (b:Batch {number: number})-[:PROMOTES]->(n:Measure)
RETURN b.id AS batch_id, b.number AS batch, n.id AS id, n.key AS key, n.title AS title,
       n.scope AS scope, n.category AS category, n.untitled AS untitled
ORDER BY batch, n.seq, id
