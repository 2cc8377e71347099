// Every responsible department of the given measures: one row per LEADS, in printed order.
// mode: read
// access: public
UNWIND $ids AS mid
MATCH (dep:Department)-[l:LEADS]->(m:Measure {id: mid})
RETURN m.id AS measure_id, dep.id AS department_id, dep.name AS canonical, dep.line AS line,
       dep.level AS department_level, dep.region_id AS department_region_id,
       l.as_printed AS as_printed, l.role AS role, l.rank AS rank, l.rule AS rule,
       l.method AS method, l.score AS score, l.document_id AS document_id
ORDER BY measure_id, rank, department_id
