// Local documents a newly loaded national list of batch $batch (dated $date) can change:
// plans implementing it or a later batch (they also consolidate earlier batches), and
// every dated plan on or after $date (its candidates are what was promoted by its date).
// $date null: every dated plan.
// mode: read
// example: {"batch": 3, "date": "2020-01-23"}
MATCH (d:Document)
WHERE d.level IN ['provincial', 'municipal'] AND coalesce(d.stub, false) = false
  AND (d.batch >= $batch
       OR (d.date IS NOT NULL AND ($date IS NULL OR d.date >= $date)))
RETURN d {.id, .level, .date, .batch, .batch_role, .region_id, .title} AS document
ORDER BY d.id
