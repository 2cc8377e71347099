// The localisations of a national measure as the diffusion path needs them: the local
// measure's id, key, title, level, region and date, its document's dating fields, the
// ADAPTS score and method. No text, no region join (regions come from the reference
// table): at 10,000 documents a national measure has ~3,000 localisations, and reading
// them with their texts (trace_localisations) was most of a 1.9 s path.
// mode: read
// access: public
// example: {"id": "国办发〔2020〕3号/2"}
MATCH (l:Measure)-[a:ADAPTS]->(n:Measure {id: $id})
OPTIONAL MATCH (d:Document {id: l.document_id})
RETURN l.id AS id, l.key AS key, l.title AS title, l.level AS level, l.region_id AS region_id,
       l.date AS date, d.date AS document_date, d.year AS document_year,
       d.date_precision AS document_date_precision, a.score AS score, a.method AS method
ORDER BY CASE l.level WHEN 'provincial' THEN 0 ELSE 1 END, region_id, id
