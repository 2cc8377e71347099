// The measures a document contains, in order, with the national measures they adapt.
// mode: read
// access: public
MATCH (m:Measure)-[:DERIVED_FROM]->(d:Document {id: $id})
RETURN m.id AS id, m.key AS key, m.seq AS seq, m.title AS title, m.level AS level,
       m.category AS category, m.section AS section, m.status AS status, m.untitled AS untitled,
       m.departments_printed AS departments_printed,
       [(m)-[a:ADAPTS]->(n:Measure) | {id: n.id, title: n.title, score: a.score, method: a.method}] AS adapts
ORDER BY seq, id
