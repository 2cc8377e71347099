// How many local measures adapt a measure, by level, and in how many regions: the
// summary a measure profile sends in place of the whole adapted_by list (at 10,000
// documents a national measure has ~3,000; measure_adapted_by_page sends one page).
// mode: read
// access: public
// example: {"id": "国办发〔2020〕3号/2"}
MATCH (x:Measure)-[:ADAPTS]->(m:Measure {id: $id})
RETURN x.level AS level, count(x) AS measures, count(DISTINCT x.region_id) AS regions
ORDER BY level
