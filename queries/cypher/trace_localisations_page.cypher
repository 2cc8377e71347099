// One page of trace_localisations: the same rows for the local measures $ids (ids from
// trace_localisation_ids, already in order) of the national measure $id.
// mode: read
// access: public
// example: {"id": "国办发〔2020〕3号/2", "ids": ["file:guangdong-third-batch-plan/一.1"]}
// WITH l first: matched as one pattern, FalkorDB started from the national measure and
// walked all its ADAPTS edges for every id (188 ms for 20 ids at 10,000 documents; 2 ms so).
UNWIND $ids AS lid
MATCH (l:Measure {id: lid})
WITH l
MATCH (l)-[a:ADAPTS]->(n:Measure)
WHERE n.id = $id
OPTIONAL MATCH (d:Document {id: l.document_id})  // as trace_localisations finds it
OPTIONAL MATCH (r:Region {id: l.region_id})
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN l {.id, .key, .title, .content, .level, .region_id, .document_id, .status, .scope, .date} AS measure,
       properties(a) AS adapts,
       d {.id, .title, .number, .date, .year, .date_precision, .published, .source_file, .level} AS document,
       r {.id, .name, .short, .level} AS region,
       p {.id, .name, .short, .level} AS parent_region
