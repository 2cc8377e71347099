// The national measures matching approximate wording (the same n-gram test as
// find_measures_text), all of them, through the index on Measure.level. Searched apart
// so that a national measure is never cut by find_measures_text's LIMIT: at 10,000
// documents thousands of local measures repeat a national title word for word, the
// scan kept the first 300 by id, and 通用通兑 resolved to a Beijing measure whose id
// sorts before 国办发… instead of the national one (national first on ties). There are
// a few dozen national measures (one list per batch), so no LIMIT is needed.
// mode: read
// access: public
// example: {"grams": ["通用", "用通", "通兑"], "parts": ["通用通兑"], "min_hits": 2}
MATCH (m:Measure)
WHERE m.level = 'national'
WITH m,
     size([g IN $grams WHERE m.title CONTAINS g]) AS title_hits,
     size([g IN $grams WHERE m.content CONTAINS g]) AS content_hits,
     size([p IN $parts WHERE m.title CONTAINS p OR m.content CONTAINS p]) AS part_hits
WHERE title_hits >= $min_hits OR content_hits >= $min_hits OR part_hits > 0
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.category AS category, m.status AS status, m.scope AS scope,
       m.untitled AS untitled, coalesce(m.date, d.date) AS date, d.batch AS batch,
       m.content AS content, title_hits, content_hits, part_hits,
       size([(m)<-[:ADAPTS]-(x:Measure) | x.id]) AS localisations
ORDER BY part_hits DESC, title_hits DESC, content_hits DESC, id
