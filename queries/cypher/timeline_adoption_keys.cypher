// The adoptions of one national measure as the timeline's summary and order need them:
// the local measure's id, level, region and date, its document's dating fields, the
// department-line comparison. No text, no departments: the page's full rows come from
// timeline_adoptions_page (at 10,000 documents ~3,000 full rows were a 3.6 s timeline).
// mode: read
// access: public
// example: {"id": "国办发〔2020〕3号/2"}
MATCH (l:Measure)-[a:ADAPTS]->(n:Measure {id: $id})
OPTIONAL MATCH (d:Document {id: l.document_id})
RETURN l.id AS id, l.level AS level, l.region_id AS region_id, l.date AS date,
       d.date AS document_date, d.year AS document_year, d.date_precision AS document_date_precision,
       a.dept_relation AS dept_relation
