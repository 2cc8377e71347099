// The localisations of a national measure as ids only, in trace_localisations' order:
// what a paged trace needs to count all of them (by level, by region) without moving
// every local measure's text and link properties (at 1,000 documents 285 full rows were
// ~90 ms of a ~150 ms trace; at 10,000 documents ten times that). The page's rows come
// from trace_localisations_page.
// mode: read
// access: public
// example: {"id": "国办发〔2020〕3号/2"}
MATCH (l:Measure)-[:ADAPTS]->(n:Measure {id: $id})
RETURN l.id AS id, l.level AS level, l.region_id AS region_id
ORDER BY CASE l.level WHEN 'provincial' THEN 0 ELSE 1 END, l.region_id, l.id
