// A second file of a document already loaded (policygraph.duplicates): its name joins the
// Document's alternate_sources once; nothing else of the file is written.
// mode: write
// example: {"id": "国办发〔2020〕3号", "source_file": "national-2020-3-third-batch.html"}
MATCH (d:Document {id: $id})
SET d.alternate_sources = CASE
    WHEN $source_file IN coalesce(d.alternate_sources, []) THEN d.alternate_sources
    ELSE coalesce(d.alternate_sources, []) + [$source_file] END
