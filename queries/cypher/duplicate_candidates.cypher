// Loaded documents a new file may repeat in other words (policygraph.duplicates): real
// documents from another file, not both with a 文号 (two 文号 are two documents), in the
// same region or one without, with about as many items; their title and item texts in order.
// mode: read
// example: {"id": "file:guangdong-copy", "source_file": "guangdong-copy.txt", "number": null, "region_id": "440000", "min_measures": 12, "max_measures": 21}
MATCH (d:Document)
WHERE coalesce(d.stub, false) = false AND d.id <> $id AND d.source_file <> $source_file
  AND (d.number IS NULL OR $number IS NULL)
  AND ($region_id IS NULL OR d.region_id IS NULL OR d.region_id = $region_id)
MATCH (m:Measure)-[:DERIVED_FROM]->(d)
WITH d, m
ORDER BY d.id, m.seq
WITH d, collect(m.text) AS texts
WHERE size(texts) >= $min_measures AND size(texts) <= $max_measures
RETURN d.id AS id, d.number AS number, d.region_id AS region_id, d.title AS title,
       d.source_file AS source_file, size(texts) AS measures, texts
ORDER BY id
