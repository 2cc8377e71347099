// Delete resolved title-only stubs (their citations were moved first).
// mode: write
// example: {"rows": [{"stub_id": "title:关于推广第三批支持创新相关改革举措的通知", "document_id": "国办发〔2020〕3号"}]}
UNWIND $rows AS r
MATCH (s:Document {id: r.stub_id})
WHERE s.stub = true
DETACH DELETE s
