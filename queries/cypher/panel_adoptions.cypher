// Every adoption (ADAPTS) of a national measure of batch $batch (all when null), with
// what the panel states of it: the local measure (status 大力推广/深化实施), its document
// and how the document's date and region were read, the link's method, score and text
// reuse, the department-line relation, and the local departments with roles and lines.
// mode: read
// access: public
// example: {"batch": 3}
MATCH (b:Batch)-[:PROMOTES]->(n:Measure)<-[a:ADAPTS]-(l:Measure)
WHERE $batch IS NULL OR b.number = $batch
OPTIONAL MATCH (d:Document {id: l.document_id})
RETURN n.id AS national_id,
       l {.id, .key, .title, .status, .date, .region_id, .level} AS local,
       CASE WHEN d IS NULL THEN null ELSE d {.id, .number, .title, .date, .date_method, .date_score,
         .region_id, .region_method, .region_score, .source_file} END AS document,
       a {.score, .method, .reuse_ratio, .dept_relation, .dept_reason} AS adapts,
       [(dep:Department)-[dl:LEADS]->(l) | {id: dep.id, name: dep.name, line: dep.line,
         role: dl.role, rank: dl.rank, rule: dl.rule, as_printed: dl.as_printed}] AS departments
ORDER BY national_id, l.region_id, l.id
