// The national measures batch $batch_id promotes, with the batch's date and each
// measure's guiding departments: the candidates for a plan implementing that batch.
// mode: read
// example: {"batch_id": "batch-3"}
MATCH (b:Batch {id: $batch_id})-[:PROMOTES]->(m:Measure)
RETURN m {.id, .key, .seq, .title, .content, .category, .untitled, .date, .level,
          .document_id} AS measure,
       b.number AS batch, b.date AS batch_date,
       [(dep:Department)-[l:LEADS]->(m) | {id: dep.id, name: dep.name, line: dep.line,
         role: l.role, rank: l.rank, rule: l.rule, as_printed: l.as_printed}] AS departments
ORDER BY m.seq, m.id
