// The loaded (non-stub) documents among $ids, with what decides which local documents
// a relink must revisit: level, batch, batch role and date.
// mode: read
// example: {"ids": ["国办发〔2020〕3号"]}
MATCH (d:Document)
WHERE d.id IN $ids AND coalesce(d.stub, false) = false
RETURN d {.id, .level, .date, .year, .date_precision, .published, .batch, .batch_role, .region_id, .title} AS document
ORDER BY d.id
