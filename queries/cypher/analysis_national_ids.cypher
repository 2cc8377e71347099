// Ids of the national measures in scope: those of batch $batch_id, or every national
// measure when $batch_id is null.
// mode: read
// access: public
// example: {"batch_id": "batch-3"}
MATCH (n:Measure)
WHERE n.level = 'national'
  AND ($batch_id IS NULL OR (:Batch {id: $batch_id})-[:PROMOTES]->(n))
RETURN n.id AS id
ORDER BY n.document_id, n.seq, n.id
