// Every localisation of a national measure (ADAPTS in): the local measure, the link's
// score and method, its document and its region with the region's parent.
// mode: read
// access: public
MATCH (l:Measure)-[a:ADAPTS]->(n:Measure {id: $id})
// The document by id, not by the DERIVED_FROM walk: matched after the ADAPTS expansion,
// the walk took 300 ms for 285 localisations at 1,000 documents; the id lookup 8 ms.
OPTIONAL MATCH (d:Document {id: l.document_id})
OPTIONAL MATCH (r:Region {id: l.region_id})
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN l {.id, .key, .title, .content, .level, .region_id, .document_id, .status, .scope, .date} AS measure,
       properties(a) AS adapts,
       d {.id, .title, .number, .date, .year, .date_precision, .published, .source_file, .level} AS document,
       r {.id, .name, .short, .level} AS region,
       p {.id, .name, .short, .level} AS parent_region
ORDER BY CASE l.level WHEN 'provincial' THEN 0 ELSE 1 END, l.region_id, l.id
