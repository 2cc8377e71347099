// One local document's linking, in ONE statement (atomic on FalkorDB too, so a reader
// or a crash never sees the document with its old ADAPTS cleared and the new ones not
// yet written): remove the ADAPTS links of its measures, write the new ones (scores,
// method, diff figures and department-line comparison in r.props, scalars only), and
// mark each measure (innovation, link_status, link_note).
// mode: write
// example: {"document_id": "file:guangdong-third-batch-plan", "links": [{"local_id": "file:guangdong-third-batch-plan/一.1", "national_id": "国办发〔2020〕3号/2", "props": {"score": 0.65, "method": "ngram-tfidf+title-fuzz/hungarian", "reuse_ratio": 0.5}}], "marks": [{"id": "file:guangdong-third-batch-plan/一.1", "props": {"innovation": false, "link_status": "linked"}}]}
OPTIONAL MATCH (:Measure {document_id: $document_id})-[old:ADAPTS]->(:Measure)
DELETE old
WITH count(*) AS done
UNWIND $links AS r
MATCH (l:Measure {id: r.local_id})
MATCH (n:Measure {id: r.national_id})
MERGE (l)-[a:ADAPTS]->(n)
SET a += r.props
WITH count(*) AS done
UNWIND $marks AS r
MATCH (m:Measure {id: r.id})
SET m += r.props
RETURN count(m) AS marked
