// One page of a national measure's adoptions (timeline_adoptions' row shape) for the
// local measures $ids. From each local measure to the national one (WITH first): matched
// as one pattern, FalkorDB may start from the national measure and walk all its ~3,000
// ADAPTS per id.
// mode: read
// access: public
// example: {"id": "国办发〔2020〕3号/2", "ids": []}
UNWIND $ids AS lid
MATCH (l:Measure {id: lid})
WITH l
MATCH (l)-[a:ADAPTS]->(n:Measure)
WHERE n.id = $id
OPTIONAL MATCH (d:Document {id: l.document_id})
OPTIONAL MATCH (r:Region {id: l.region_id})
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN n.id AS national_id,
       l {.id, .key, .title, .level, .region_id, .document_id, .status, .date} AS local,
       CASE WHEN d IS NULL THEN null ELSE d {.id, .number, .title, .date, .year, .date_precision, .level} END AS document,
       CASE WHEN r IS NULL THEN null ELSE r {.id, .name, .short, .level} END AS region,
       CASE WHEN p IS NULL THEN null ELSE p {.id, .name, .level} END AS parent_region,
       a {.score, .method, .basis, .reuse_ratio, .dept_relation, .national_line,
          .local_line, .lead_in_guides} AS adapts,
       [(dep:Department)-[dl:LEADS]->(l) | {id: dep.id, name: dep.name, line: dep.line,
         role: dl.role, rank: dl.rank, rule: dl.rule, as_printed: dl.as_printed}] AS departments
