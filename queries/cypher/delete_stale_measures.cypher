// Measures of this document that its new version no longer has, with all their links.
// mode: write
// example: {"id": "国办发〔2020〕3号", "keep": ["国办发〔2020〕3号/1"]}
MATCH (m:Measure {document_id: $id})
WHERE NOT m.id IN $keep
DETACH DELETE m
