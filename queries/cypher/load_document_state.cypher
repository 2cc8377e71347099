// What the graph already holds for a file about to be loaded: the document of that id,
// and any document loaded from the same file under another id (the file changed its 文号),
// so a reload is skipped when the sha256 is unchanged or replaces it. "The same file" is
// the same source_key (a hash of its path: graph/writer.py); a document written before
// source_key existed is matched by its file name, as it was then. `cites`: the documents
// each cites, the stubs the write may leave uncited (graph/writer.py).
// Three index lookups, not a scan of every Document: this runs once per file loaded.
// mode: read
// example: {"id": "国办发〔2020〕3号", "source_file": "national-2020-3-third-batch.txt", "source_key": "3f9a2c81d0e4"}
MATCH (d:Document {id: $id})
RETURN d.id AS id, d.sha256 AS sha256, coalesce(d.stub, false) AS stub, d.source_file AS source_file,
       d.source_key AS source_key, [(d)-[:DERIVED_FROM]->(c:Document) | c.id] AS cites
UNION ALL
MATCH (d:Document {source_key: $source_key})
WHERE d.id <> $id AND coalesce(d.stub, false) = false
RETURN d.id AS id, d.sha256 AS sha256, coalesce(d.stub, false) AS stub, d.source_file AS source_file,
       d.source_key AS source_key, [(d)-[:DERIVED_FROM]->(c:Document) | c.id] AS cites
UNION ALL
MATCH (d:Document {source_file: $source_file})
WHERE d.source_key IS NULL AND d.id <> $id AND coalesce(d.stub, false) = false
RETURN d.id AS id, d.sha256 AS sha256, coalesce(d.stub, false) AS stub, d.source_file AS source_file,
       d.source_key AS source_key, [(d)-[:DERIVED_FROM]->(c:Document) | c.id] AS cites
