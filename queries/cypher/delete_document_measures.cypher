// Delete every measure of a document, with all its links (LEADS, PROMOTES, ADAPTS, ...).
// mode: write
// example: {"id": "国办发〔2020〕3号"}
MATCH (m:Measure {document_id: $id})
DETACH DELETE m
