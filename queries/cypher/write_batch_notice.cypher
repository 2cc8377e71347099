// The batch a national notice announces: its facts, DERIVED_FROM the notice, and
// PROMOTES every national measure the notice lists.
// mode: write
// example: {"id": "batch-3", "document_id": "国办发〔2020〕3号", "props": {"id": "batch-3", "number": 3, "year": 2020}, "measure_ids": ["国办发〔2020〕3号/1"]}
MERGE (b:Batch {id: $id})
SET b += $props
WITH b
MATCH (d:Document {id: $document_id})
MERGE (b)-[:DERIVED_FROM]->(d)
WITH b
UNWIND $measure_ids AS mid
MATCH (m:Measure {id: mid})
MERGE (b)-[:PROMOTES]->(m)
