// Batched ADAPTS links, local measure -> national measure, with the scores, method,
// diff figures and department-line comparison in r.props (scalars only).
// mode: write
// example: {"rows": [{"local_id": "file:guangdong-third-batch-plan/一.1", "national_id": "国办发〔2020〕3号/2", "props": {"score": 0.65, "method": "ngram-tfidf+title-fuzz/hungarian", "reuse_ratio": 0.5}}]}
UNWIND $rows AS r
MATCH (l:Measure {id: r.local_id})
MATCH (n:Measure {id: r.national_id})
MERGE (l)-[a:ADAPTS]->(n)
SET a += r.props
RETURN count(a) AS written
