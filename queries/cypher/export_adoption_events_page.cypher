// One page of the event-history table: one row per localisation (ADAPTS) of the measures
// $ids (from export_adopted_measures), with region, national measure, batch, dates, the
// local responsible departments.
// mode: read
// example: {"ids": ["国办发〔2020〕3号/2", "国办发〔2020〕3号/12"]}
MATCH (n:Measure)
WHERE n.id IN $ids
MATCH (l:Measure)-[a:ADAPTS]->(n)
OPTIONAL MATCH (l)-[:DERIVED_FROM]->(d:Document)
OPTIONAL MATCH (r:Region {id: l.region_id})
OPTIONAL MATCH (b:Batch)-[:PROMOTES]->(n)
OPTIONAL MATCH (n)-[:DERIVED_FROM]->(nd:Document)
RETURN r.id AS region_id, r.name AS region, r.level AS region_level,
       n.id AS national_id, n.title AS national_title, b.number AS batch,
       coalesce(n.date, nd.date, b.date) AS national_date,
       l.id AS local_id, l.title AS local_title, l.level AS local_level, l.status AS local_status,
       l.date AS local_date, d.date AS document_date,
       d.id AS document_id, d.title AS document_title, d.source_file AS source_file,
       properties(a) AS adapts,
       [(dep:Department)-[x:LEADS]->(l) | {id: dep.id, name: dep.name, line: dep.line,
         as_printed: x.as_printed, role: x.role, rank: x.rank, rule: x.rule}] AS departments
ORDER BY batch, national_id, region_id, local_id
