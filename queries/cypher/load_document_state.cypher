// What the graph already holds for a file about to be loaded: the document of that id,
// and any document loaded from the same source file under another id (the file changed
// its 文号), so a reload is skipped when the sha256 is unchanged or replaces it. `cites`:
// the documents each cites, the stubs the write may leave uncited (graph/writer.py).
// Two index lookups, not a scan of every Document: this runs once per file loaded.
// mode: read
// example: {"id": "国办发〔2020〕3号", "source_file": "national-2020-3-third-batch.txt"}
MATCH (d:Document {id: $id})
RETURN d.id AS id, d.sha256 AS sha256, coalesce(d.stub, false) AS stub, d.source_file AS source_file,
       [(d)-[:DERIVED_FROM]->(c:Document) | c.id] AS cites
UNION ALL
MATCH (d:Document)
WHERE d.source_file = $source_file AND d.id <> $id AND coalesce(d.stub, false) = false
RETURN d.id AS id, d.sha256 AS sha256, coalesce(d.stub, false) AS stub, d.source_file AS source_file,
       [(d)-[:DERIVED_FROM]->(c:Document) | c.id] AS cites
