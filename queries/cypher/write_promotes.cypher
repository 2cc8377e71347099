// The issuing region PROMOTES every measure of the document (the country 100000 for a
// national notice), dated with the document's date.
// mode: write
// example: {"region_id": "100000", "document_id": "国办发〔2020〕3号", "date": "2020-02-07", "measure_ids": ["国办发〔2020〕3号/1"]}
MATCH (g:Region {id: $region_id})
UNWIND $measure_ids AS mid
MATCH (m:Measure {id: mid})
MERGE (g)-[p:PROMOTES {document_id: $document_id}]->(m)
SET p.date = $date
