// The given measures themselves (local measures answering who-leads directly), with
// their document and region. Departments come from find_measure_departments.
// mode: read
// access: public
UNWIND $ids AS mid
MATCH (l:Measure {id: mid})
OPTIONAL MATCH (l)-[:DERIVED_FROM]->(d:Document)
OPTIONAL MATCH (r:Region {id: l.region_id})
RETURN l {.id, .key, .title, .level, .region_id, .document_id, .status, .date} AS measure,
       d {.id, .title, .number, .date, .source_file} AS document,
       r {.id, .name, .short, .level} AS region,
       [(l)-[a:ADAPTS]->(n:Measure) | {id: n.id, title: n.title, score: a.score, method: a.method}] AS adapts
