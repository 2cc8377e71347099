// Delete a document node that no other document cites.
// mode: write
// example: {"id": "国办发〔2020〕3号"}
MATCH (d:Document {id: $id})
WHERE NOT (d)<-[:DERIVED_FROM]-(:Document)
DETACH DELETE d
