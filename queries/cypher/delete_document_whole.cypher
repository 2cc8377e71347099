// Delete one document in ONE statement (atomic on FalkorDB too): its measures with all
// their links, the batch it announces, its own relationships; the node itself goes back
// to a stub (only id, title, number), which is removed at the end unless another
// document still cites it; stubs and departments nothing refers to any more go too.
// mode: write
// example: {"id": "国办发〔2020〕3号"}
MATCH (d:Document {id: $id})
OPTIONAL MATCH (m:Measure {document_id: $id})
DETACH DELETE m
WITH DISTINCT d
OPTIONAL MATCH (b:Batch)-[:DERIVED_FROM]->(d)
DETACH DELETE b
WITH DISTINCT d
OPTIONAL MATCH (d)-[c]->()
DELETE c
WITH DISTINCT d
SET d = {id: d.id, title: d.title, number: d.number, stub: true}
WITH count(*) AS done
OPTIONAL MATCH (s:Document)
WHERE s.stub = true AND NOT (s)<-[:DERIVED_FROM]-()
DETACH DELETE s
WITH count(*) AS done
OPTIONAL MATCH (n:Department)
WHERE NOT (n)-[:LEADS]->()
DETACH DELETE n
RETURN count(*) AS done
