// Local documents a newly loaded national list can change: those implementing batch
// $batch, and those with no batch but a date on or after $date (their candidates are
// every national measure promoted by their date). $date null: every dated no-batch one.
// mode: read
// example: {"batch": 3, "date": "2020-01-23"}
MATCH (d:Document)
WHERE d.level IN ['provincial', 'municipal'] AND coalesce(d.stub, false) = false
  AND (d.batch = $batch
       OR (d.batch IS NULL AND d.date IS NOT NULL AND ($date IS NULL OR d.date >= $date)))
RETURN d {.id, .level, .date, .batch, .batch_role, .region_id, .title} AS document
ORDER BY d.id
