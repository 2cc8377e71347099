// What derives from document $id: documents (and batches) whose DERIVED_FROM path
// reaches it, up to 8 steps. Measures are left out (their DERIVED_FROM is provenance).
// mode: read
// example: {"id": "国办发〔2020〕3号"}
MATCH p = (c)-[:DERIVED_FROM*1..8]->(d:Document {id: $id})
WHERE c:Document OR c:Batch
RETURN [n IN nodes(p) | n {.id, .title, .number, .date, .level, .stub}] AS documents,
       [e IN relationships(p) | e {.via, .cited_as}] AS links,
       length(p) AS depth
ORDER BY depth DESC, c.id
