// The parents of document $id: every DERIVED_FROM path up (plan -> notice -> ...), up to
// 8 steps, longest first. Stubs (cited, not loaded) end a path.
// mode: read
// example: {"id": "file:guangdong-third-batch-plan"}
MATCH p = (d:Document {id: $id})-[:DERIVED_FROM*1..8]->(a:Document)
RETURN [n IN nodes(p) | n {.id, .title, .number, .date, .level, .stub}] AS documents,
       [e IN relationships(p) | e {.via, .cited_as}] AS links,
       length(p) AS depth
ORDER BY depth DESC, a.id
