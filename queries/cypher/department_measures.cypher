// What a department is responsible for: one row per LEADS, with the measure, its region
// and the national measures it adapts.
// mode: read
// access: public
MATCH (dep:Department {id: $id})-[l:LEADS]->(m:Measure)
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS measure_id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       d.id AS document_id, d.title AS document_title,
       l.role AS role, l.rank AS rank, l.as_printed AS as_printed, l.rule AS rule,
       [(m)-[a:ADAPTS]->(n:Measure) | {id: n.id, title: n.title, score: a.score}] AS adapts
ORDER BY CASE l.role WHEN 'lead' THEN 0 WHEN 'shared' THEN 1 WHEN 'co' THEN 2 ELSE 3 END,
         region_id, measure_id
