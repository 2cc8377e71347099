// Documents this one cites, by 文号 (id = number) or by title only (id 'title:<title>').
// A cited document not loaded yet becomes a stub; loading it later fills the same node.
// mode: write
// example: {"document_id": "file:guangdong-third-batch-plan", "rows": [{"id": "国办发〔2020〕3号", "number": "国办发〔2020〕3号", "title": null, "via": "number", "cited_as": "国办发〔2020〕3号"}]}
MATCH (d:Document {id: $document_id})
UNWIND $rows AS r
MERGE (c:Document {id: r.id})
ON CREATE SET c.stub = true, c.title = r.title, c.number = r.number
MERGE (d)-[e:DERIVED_FROM]->(c)
SET e.via = r.via, e.cited_as = r.cited_as
