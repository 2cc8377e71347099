// Loaded documents a new file with NO region may repeat in other words
// (policygraph.duplicates): real documents from another file, not both with a 文号 (two
// 文号 are two documents), with about as many items; their title and item texts in order.
// A file whose region is unknown is compared with every document (rare: a region is
// nearly always read); duplicate_candidates is the indexed form.
// First row, if any: the document of the same id ($id, its 文号) loaded from another
// file (kind 'same-number'); then the near-identical candidates (kind 'text').
// mode: read
// example: {"id": "file:guangdong-copy", "source_file": "guangdong-copy.txt", "number": null, "min_measures": 12, "max_measures": 21}
MATCH (s:Document {id: $id})
WHERE coalesce(s.stub, false) = false AND s.source_file <> $source_file
RETURN 'same-number' AS kind, s.id AS id, s.number AS number, s.region_id AS region_id, s.title AS title,
       s.source_file AS source_file, 0 AS measures, [] AS texts
UNION ALL
MATCH (d:Document)
WHERE coalesce(d.stub, false) = false AND d.id <> $id AND d.source_file <> $source_file
  AND (d.number IS NULL OR $number IS NULL)
WITH d, size([(m:Measure)-[:DERIVED_FROM]->(d) | m]) AS n
WHERE n >= $min_measures AND n <= $max_measures
MATCH (m:Measure)-[:DERIVED_FROM]->(d)
WITH d, m
ORDER BY d.id, m.seq
WITH d, collect(m.text) AS texts
RETURN 'text' AS kind, d.id AS id, d.number AS number, d.region_id AS region_id, d.title AS title,
       d.source_file AS source_file, size(texts) AS measures, texts
