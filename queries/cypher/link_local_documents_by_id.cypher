// The loaded local documents among $ids.
// mode: read
// example: {"ids": ["file:guangdong-third-batch-plan"]}
MATCH (d:Document)
WHERE d.id IN $ids AND d.level IN ['provincial', 'municipal'] AND coalesce(d.stub, false) = false
RETURN d {.id, .level, .date, .year, .date_precision, .published, .batch, .batch_role, .region_id, .title} AS document
ORDER BY d.id
