// Every adoption (ADAPTS in) of the national measures $ids: the local measure, its
// document and date, its region and the region's parent, its departments as printed and
// canonical, and the link with its department-line comparison.
// mode: read
// access: public
// example: {"ids": ["国办发〔2020〕3号/2"]}
MATCH (l:Measure)-[a:ADAPTS]->(n:Measure)
WHERE n.id IN $ids
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
ORDER BY n.id, l.region_id, l.id
