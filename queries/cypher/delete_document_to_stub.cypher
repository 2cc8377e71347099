// A deleted document that other documents still cite goes back to being a stub: only
// its id, title and number stay, with the citations pointing at it.
// mode: write
// example: {"id": "国办发〔2020〕3号"}
MATCH (d:Document {id: $id})
OPTIONAL MATCH (d)-[c]->()
DELETE c
WITH DISTINCT d
SET d = {id: d.id, title: d.title, number: d.number, stub: true}
