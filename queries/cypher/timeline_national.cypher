// National measures $ids with their batch, notice (document) date and guiding
// departments: the "from" side of an adoption timeline.
// mode: read
// access: public
// example: {"ids": ["国办发〔2020〕3号/2"]}
MATCH (n:Measure)
WHERE n.id IN $ids
OPTIONAL MATCH (b:Batch)-[:PROMOTES]->(n)
OPTIONAL MATCH (d:Document {id: n.document_id})
RETURN n {.id, .key, .seq, .title, .category, .scope, .date, .level, .document_id} AS national,
       CASE WHEN b IS NULL THEN null ELSE b {.id, .number, .date, .notice_number} END AS batch,
       CASE WHEN d IS NULL THEN null ELSE d {.id, .number, .date, .title} END AS notice,
       [(g:Department)-[gl:LEADS]->(n) | {id: g.id, name: g.name, line: g.line,
         role: gl.role, rank: gl.rank, as_printed: gl.as_printed}] AS guides
ORDER BY n.document_id, n.seq, n.id
