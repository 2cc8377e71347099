// The document itself: all its properties replaced by this version (a real document
// fills a cited stub of the same id and turns it into a non-stub), ISSUED_IN its region.
// alternate_sources (other files of the same document, policygraph.duplicates) are not
// the file's facts: they survive the replacement.
// mode: write
// example: {"id": "国办发〔2020〕3号", "region_id": "100000", "props": {"id": "国办发〔2020〕3号", "title": "t", "stub": false, "sha256": "x", "source_file": "national.txt"}}
MERGE (d:Document {id: $id})
WITH d, d.alternate_sources AS alternates
SET d = $props
SET d.alternate_sources = alternates
WITH d
MATCH (g:Region {id: $region_id})
MERGE (d)-[:ISSUED_IN]->(g)
