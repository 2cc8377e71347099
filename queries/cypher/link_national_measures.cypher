// Every national measure with its batch, the batch's date and its guiding departments:
// read once per relink; each local document's candidates are filtered from it (by batch
// and by the time rule), so the national side costs one query however many plans there are.
// mode: read
// example: {}
MATCH (m:Measure)
WHERE m.level = 'national'
OPTIONAL MATCH (b:Batch)-[:PROMOTES]->(m)
RETURN m {.id, .key, .seq, .title, .content, .category, .untitled, .date, .level,
          .document_id} AS measure,
       b.number AS batch, b.date AS batch_date,
       [(dep:Department)-[l:LEADS]->(m) | {id: dep.id, name: dep.name, line: dep.line,
         role: l.role, rank: l.rank, rule: l.rule, as_printed: l.as_printed}] AS departments
ORDER BY m.document_id, m.seq, m.id
