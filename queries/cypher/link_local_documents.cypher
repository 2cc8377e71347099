// Every loaded local (provincial or municipal) document: the full relink set.
// mode: read
// example: {}
MATCH (d:Document)
WHERE d.level IN ['provincial', 'municipal'] AND coalesce(d.stub, false) = false
RETURN d {.id, .level, .date, .year, .date_precision, .published, .batch, .batch_role, .region_id, .title} AS document
ORDER BY d.id
