// Every adoption (ADAPTS in) of the national measures $ids: only what the diffusion
// figures need (policygraph.analysis.diffusion), one row a national measure holding
// parallel lists, item i of each list being its i-th adoption. Why this shape: at
// 10,000 documents batch 3 has ~57,000 adoptions; timeline_adoptions' full rows (maps,
// a pattern comprehension and three OPTIONAL MATCHes a row) cost the server ~20x and the
// client ~4x more, and even flat scalar rows cost the client twice what lists do (the
// client library parses every row and every map). collect() skips nulls, so every item
// is coalesced to '' (an empty date, document, region or relation reads as none).
// The documents' dates come from analysis_document_dates, once a document.
// mode: read
// example: {"ids": ["国办发〔2020〕3号/2"]}
MATCH (n:Measure)
WHERE n.id IN $ids
MATCH (l:Measure)-[a:ADAPTS]->(n)
RETURN n.id AS national_id,
       collect(l.id) AS local_ids,
       collect(coalesce(l.date, '')) AS local_dates,
       collect(coalesce(l.document_id, '')) AS document_ids,
       collect(coalesce(l.region_id, '')) AS region_ids,
       collect(coalesce(a.dept_relation, '')) AS dept_relations
