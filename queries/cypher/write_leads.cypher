// Department LEADS measure, with role, rank, the name as printed and the rule that
// decided the role; document_id says which document states it.
// mode: write
// example: {"rows": [{"department_id": "100000/科学技术部", "measure_id": "国办发〔2020〕3号/1", "document_id": "国办发〔2020〕3号", "props": {"role": "guide", "rank": 1, "as_printed": "科技部", "rule": "guiding-department", "method": "printed-order", "score": 1.0, "document_id": "国办发〔2020〕3号"}}]}
UNWIND $rows AS r
MATCH (dep:Department {id: r.department_id})
MATCH (m:Measure {id: r.measure_id})
MERGE (dep)-[l:LEADS {document_id: r.document_id}]->(m)
SET l = r.props
