// Which national measures the given regions' measures adapt, and by which local measures:
// from the regions' own measures out (a national measure has ~3,000 ADAPTS in at 10,000
// documents; walking them per national measure made region_batches' adopted_by slow).
// mode: read
// access: public
// example: {"region_ids": ["440000"]}
MATCH (l:Measure)
WHERE l.region_id IN $region_ids
WITH l
MATCH (l)-[:ADAPTS]->(n:Measure)
RETURN n.id AS national_id, collect(l.id) AS adopted_by
