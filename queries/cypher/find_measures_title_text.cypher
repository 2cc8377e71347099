// Measures whose title contains every part of the query (what the user separated:
// 科技创新券 通用通兑 -> two parts): each is a perfect (1.0) wording hit. The search's fast
// path: the scan stops at $limit rows, so a common wording (thousands of local measures
// restate a national title) costs ~1 ms at 1,000 documents, and a rare one a title-only
// pass (~6 ms) instead of find_measures_text's title-and-content n-gram pass (~150 ms).
// The document and the ADAPTS count are looked up for the rows kept only.
// mode: read
// access: public
// example: {"parts": ["通用通兑"], "level": null, "region_ids": null, "limit": 20}
MATCH (m:Measure)
WHERE all(p IN $parts WHERE m.title CONTAINS p)
  AND ($level IS NULL OR m.level = $level)
  AND ($region_ids IS NULL OR m.region_id IN $region_ids)
WITH m
LIMIT $limit
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.category AS category, m.status AS status, m.scope AS scope,
       m.untitled AS untitled, coalesce(m.date, d.date) AS date, d.batch AS batch,
       m.content AS content,
       size([(m)<-[:ADAPTS]-(x:Measure) | x.id]) AS localisations
