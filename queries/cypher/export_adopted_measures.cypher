// The measures that have localisations (ADAPTS into them), in the events table's order
// (batch, then id), each with how many: the streamed events CSV reads them a few at a time.
// mode: read
MATCH (:Measure)-[:ADAPTS]->(n:Measure)
WITH n, count(*) AS localisations
OPTIONAL MATCH (b:Batch)-[:PROMOTES]->(n)
RETURN n.id AS id, b.number AS batch, localisations
ORDER BY batch, id
