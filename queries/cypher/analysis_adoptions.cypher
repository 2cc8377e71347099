// Every adoption (ADAPTS in) of the national measures $ids, one flat row each: only
// what the diffusion figures need (policygraph.analysis.diffusion). Scalars, not maps,
// and no lookup a row: at 10,000 documents batch 3 has ~57,000 adoptions, and
// timeline_adoptions' full rows (maps, a pattern comprehension and three OPTIONAL
// MATCHes a row) cost the server ~20x and the client ~4x more per row. The documents'
// dates come from analysis_document_dates, once a document.
// mode: read
// example: {"ids": ["国办发〔2020〕3号/2"]}
MATCH (n:Measure)
WHERE n.id IN $ids
MATCH (l:Measure)-[a:ADAPTS]->(n)
RETURN n.id AS national_id, l.id AS local_id, l.date AS local_date, l.document_id AS document_id,
       l.region_id AS region_id, a.dept_relation AS dept_relation
