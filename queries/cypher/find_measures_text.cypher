// Candidate measures for approximate wording: how many of the query's n-grams (and of its
// whitespace-separated parts) the title and the content contain. Ranked again in Python.
// $region_ids (list or null) restricts to measures of those regions; $level likewise.
// Substring matching cannot use an index, so this stays one pass over Measure; the
// document and the ADAPTS count are looked up only for the $limit rows kept (sorting
// first; the key ends in the unique id, so the rows kept are the same): doing them for
// every match was ~40 % of the query at 1,000 documents.
// mode: read
// access: public
MATCH (m:Measure)
WHERE ($level IS NULL OR m.level = $level)
  AND ($region_ids IS NULL OR m.region_id IN $region_ids)
WITH m,
     size([g IN $grams WHERE m.title CONTAINS g]) AS title_hits,
     size([g IN $grams WHERE m.content CONTAINS g]) AS content_hits,
     size([p IN $parts WHERE m.title CONTAINS p OR m.content CONTAINS p]) AS part_hits
WHERE title_hits >= $min_hits OR content_hits >= $min_hits OR part_hits > 0
WITH m, title_hits, content_hits, part_hits
ORDER BY part_hits DESC, title_hits DESC, content_hits DESC, m.id
LIMIT $limit
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
RETURN m.id AS id, m.key AS key, m.title AS title, m.level AS level, m.region_id AS region_id,
       m.document_id AS document_id, m.category AS category, m.status AS status, m.scope AS scope,
       m.untitled AS untitled, coalesce(m.date, d.date) AS date, d.batch AS batch,
       m.content AS content, title_hits, content_hits, part_hits,
       size([(m)<-[:ADAPTS]-(x:Measure) | x.id]) AS localisations
ORDER BY part_hits DESC, title_hits DESC, content_hits DESC, id
