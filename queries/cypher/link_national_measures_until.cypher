// National measures promoted on or before $date (ISO strings compare as dates): the
// candidates of a dated local document that names no batch. Undated ones are left out:
// the time rule cannot be checked for them.
// mode: read
// example: {"date": "2018-03-01"}
MATCH (m:Measure)
WHERE m.level = 'national'
OPTIONAL MATCH (b:Batch)-[:PROMOTES]->(m)
WITH m, b, coalesce(m.date, b.date) AS promoted
WHERE promoted IS NOT NULL AND promoted <= $date
RETURN m {.id, .key, .seq, .title, .content, .category, .untitled, .date, .level,
          .document_id} AS measure,
       b.number AS batch, b.date AS batch_date,
       [(dep:Department)-[l:LEADS]->(m) | {id: dep.id, name: dep.name, line: dep.line,
         role: l.role, rank: l.rank, rule: l.rule, as_printed: l.as_printed}] AS departments
ORDER BY m.document_id, m.seq, m.id
