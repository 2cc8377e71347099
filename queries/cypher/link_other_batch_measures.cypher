// National measures outside batch $batch that a plan implementing it may also adapt:
// those of earlier batches (batches are sequential, so no date is needed) and, when the
// plan is dated ($date not null), any promoted on or before $date.
// mode: read
// example: {"batch": 3, "date": null}
MATCH (m:Measure)
WHERE m.level = 'national'
OPTIONAL MATCH (b:Batch)-[:PROMOTES]->(m)
WITH m, b, coalesce(m.date, b.date) AS promoted
WHERE (b IS NULL OR b.number <> $batch)
  AND ((b IS NOT NULL AND b.number < $batch)
       OR ($date IS NOT NULL AND promoted IS NOT NULL AND promoted <= $date))
RETURN m {.id, .key, .seq, .title, .content, .category, .untitled, .date, .level,
          .document_id} AS measure,
       b.number AS batch, b.date AS batch_date,
       [(dep:Department)-[l:LEADS]->(m) | {id: dep.id, name: dep.name, line: dep.line,
         role: l.role, rank: l.rank, rule: l.rule, as_printed: l.as_printed}] AS departments
ORDER BY m.document_id, m.seq, m.id
