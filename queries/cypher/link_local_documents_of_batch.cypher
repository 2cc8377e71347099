// Local documents a newly loaded national list of batch $batch (dated $date) can change:
// plans implementing it or a later batch (they also consolidate earlier batches), and
// every plan whose time bound is on or after $date (its candidates are what was promoted
// by then). The bound is policygraph.linking.time_bound's: the date, else the end of the
// year when only the year is known, else the 发布日期. $date null: every plan with a bound.
// mode: read
// example: {"batch": 3, "date": "2020-01-23"}
MATCH (d:Document)
WHERE d.level IN ['provincial', 'municipal'] AND coalesce(d.stub, false) = false
WITH d, coalesce(d.date, toString(d.year) + '-12-31', d.published) AS bound
WHERE d.batch >= $batch OR (bound IS NOT NULL AND ($date IS NULL OR bound >= $date))
RETURN d {.id, .level, .date, .year, .date_precision, .published, .batch, .batch_role, .region_id, .title} AS document
ORDER BY d.id
