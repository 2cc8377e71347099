// Candidate measures from FalkorDB's Chinese full-text index on Measure(title);
// content is matched by CONTAINS in find_measures_text (graph/schema.py says why).
// The search string is built here, as in find_measures_fulltext.cypher, but joined by |
// (RediSearch's OR; a space would mean AND).
// The best $limit hits are cut before the document and ADAPTS-count lookups: a common
// bigram (科技) matches thousands of measures at 1,000 documents, and projecting every one of
// them was 95 % of the query. The cut is on score alone, as before (no new tie-break), so
// the same rows are kept.
// mode: read
// access: public
// example: {"parts": ["市场化"], "grams": ["市场", "场化"], "limit": 10}
WITH reduce(ts = [], t IN [p IN $parts WHERE size(p) <= 12] + $grams |
            CASE WHEN t IN ts THEN ts ELSE ts + t END)[..40] AS terms
CALL db.idx.fulltext.queryNodes('Measure', reduce(q = head(terms), t IN tail(terms) | q + '|' + t))
YIELD node, score
WITH node AS m, score
ORDER BY score DESC
LIMIT $limit
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.category AS category, m.status AS status, m.scope AS scope,
       m.untitled AS untitled, coalesce(m.date, d.date) AS date, d.batch AS batch,
       m.content AS content, score AS fulltext_score,
       size([(m)<-[:ADAPTS]-(x:Measure) | x.id]) AS localisations
ORDER BY fulltext_score DESC
