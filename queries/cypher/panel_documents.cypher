// Loaded (non-stub) documents with their region, date and the batch they implement:
// which regions are observed at all (the panel's risk set), which have a plan for a
// batch, and the latest document date (the default censoring date).
// mode: read
// access: public
MATCH (d:Document)
WHERE d.stub IS NULL OR d.stub = false
RETURN d.id AS id, d.region_id AS region_id, d.level AS level, d.date AS date, d.batch AS batch,
       d.batch_role AS batch_role
ORDER BY id
