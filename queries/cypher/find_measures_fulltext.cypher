// Candidate measures from the full-text index (title, content). $q is a Lucene query the
// service builds from CJK/alphanumeric tokens only (no operators from the user).
// mode: read
CALL db.index.fulltext.queryNodes('measure_fulltext', $q) YIELD node, score
WITH node AS m, score
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.category AS category, m.status AS status, m.scope AS scope,
       m.untitled AS untitled, coalesce(m.date, d.date) AS date, d.batch AS batch,
       m.content AS content, score AS fulltext_score,
       size([(m)<-[:ADAPTS]-(x:Measure) | x.id]) AS localisations
ORDER BY fulltext_score DESC
LIMIT $limit
