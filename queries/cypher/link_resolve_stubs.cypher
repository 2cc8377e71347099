// Resolve title-only stubs, in ONE statement: copy every DERIVED_FROM pointing at stub
// r.stub_id onto the loaded document r.document_id (keeping how it was cited), then
// delete the stubs.
// mode: write
// example: {"rows": [{"stub_id": "title:关于推广第三批支持创新相关改革举措的通知", "document_id": "国办发〔2020〕3号"}]}
UNWIND $rows AS r
MATCH (s:Document {id: r.stub_id})
MATCH (d:Document {id: r.document_id})
MATCH (x)-[e:DERIVED_FROM]->(s)
WHERE x.id <> d.id
MERGE (x)-[e2:DERIVED_FROM]->(d)
SET e2.via = e.via, e2.cited_as = e.cited_as, e2.resolved_from = s.id
WITH count(*) AS done
UNWIND $rows AS r
MATCH (s:Document {id: r.stub_id})
WHERE s.stub = true
DETACH DELETE s
RETURN count(*) AS deleted
