// Loaded documents a new file with NO region may repeat in other words
// (policygraph.duplicates): real documents from another file, not both with a 文号 (two
// 文号 are two documents), with about as many items; their title and item texts in order.
// A file whose region is unknown is compared with every document (rare: a region is
// nearly always read); duplicate_candidates is the indexed form.
// First row, if any: the document of the same 文号 ($id, when $number is set) loaded from
// another file (kind 'same-number'); then the near-identical candidates (kind 'text'),
// among them a document of the same file-stem id from another file (a 'file:' id is not a
// 文号: two 附件1.pdf are one document only if their texts are). "Another file": another
// source_key (graph/writer.py), or for a document written before source_key, another name.
// mode: read
// example: {"id": "file:guangdong-copy", "source_file": "guangdong-copy.txt", "source_key": "3f9a2c81d0e4", "number": null, "min_measures": 12, "max_measures": 21}
MATCH (s:Document {id: $id})
WHERE $number IS NOT NULL AND coalesce(s.stub, false) = false
  AND CASE WHEN s.source_key IS NULL OR $source_key IS NULL THEN s.source_file <> $source_file
            ELSE s.source_key <> $source_key END
RETURN 'same-number' AS kind, s.id AS id, s.number AS number, s.region_id AS region_id, s.title AS title,
       s.source_file AS source_file, 0 AS measures, [] AS texts
UNION ALL
MATCH (d:Document)
WHERE coalesce(d.stub, false) = false AND (d.id <> $id OR $number IS NULL)
  AND CASE WHEN d.source_key IS NULL OR $source_key IS NULL THEN d.source_file <> $source_file
            ELSE d.source_key <> $source_key END
  AND (d.number IS NULL OR $number IS NULL)
WITH d, size([(m:Measure)-[:DERIVED_FROM]->(d) | m]) AS n
WHERE n >= $min_measures AND n <= $max_measures
MATCH (m:Measure)-[:DERIVED_FROM]->(d)
WITH d, m
ORDER BY d.id, m.seq
WITH d, collect(m.text) AS texts
RETURN 'text' AS kind, d.id AS id, d.number AS number, d.region_id AS region_id, d.title AS title,
       d.source_file AS source_file, size(texts) AS measures, texts
