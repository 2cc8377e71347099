// Measures of one document, properties replaced, each DERIVED_FROM the document with
// the source span (lines, characters) as relationship properties.
// mode: write
// example: {"document_id": "国办发〔2020〕3号", "rows": [{"id": "国办发〔2020〕3号/1", "props": {"id": "国办发〔2020〕3号/1", "document_id": "国办发〔2020〕3号", "key": "1", "seq": 1, "text": "t"}, "span": {"source_file": "national.txt", "line_start": 1, "line_end": 1, "char_start": 0, "char_end": 1}}]}
MATCH (d:Document {id: $document_id})
UNWIND $rows AS r
MERGE (m:Measure {id: r.id})
SET m = r.props
MERGE (m)-[e:DERIVED_FROM]->(d)
SET e = r.span
