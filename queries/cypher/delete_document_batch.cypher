// Delete the batch a national notice announces, when the notice itself is deleted.
// mode: write
// example: {"id": "国办发〔2020〕3号"}
MATCH (b:Batch)-[:DERIVED_FROM]->(:Document {id: $id})
DETACH DELETE b
