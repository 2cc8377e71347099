// The measures of one document, in printed order, with their departments (LEADS) as
// printed and canonical, for scoring and for the department-line comparison.
// mode: read
// example: {"id": "file:guangdong-third-batch-plan"}
MATCH (m:Measure {document_id: $id})
RETURN m {.id, .key, .seq, .title, .content, .category, .untitled, .date, .level,
          .region_id, .document_id, .section, .status} AS measure,
       [(dep:Department)-[l:LEADS]->(m) | {id: dep.id, name: dep.name, line: dep.line,
         role: l.role, rank: l.rank, rule: l.rule, as_printed: l.as_printed}] AS departments
ORDER BY m.seq, m.id
