// The local measures in the given regions that adapt national measure $id, with their
// ADAPTS link, document and region. Departments come from find_measure_departments.
// mode: read
// access: public
MATCH (l:Measure)-[a:ADAPTS]->(n:Measure {id: $id})
WHERE l.region_id IN $region_ids
OPTIONAL MATCH (l)-[:DERIVED_FROM]->(d:Document)
OPTIONAL MATCH (r:Region {id: l.region_id})
RETURN l {.id, .key, .title, .level, .region_id, .document_id, .status, .date} AS measure,
       a {.score, .method} AS adapts,
       d {.id, .title, .number, .date, .source_file} AS document,
       r {.id, .name, .short, .level} AS region
ORDER BY CASE l.level WHEN 'provincial' THEN 0 ELSE 1 END, l.region_id, a.score DESC, l.id
