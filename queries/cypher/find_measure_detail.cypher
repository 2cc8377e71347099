// One measure in full: its text fields, the document it comes from, its region, the
// batch that promotes it (national), and the measures it adapts / that adapt it.
// Departments come from find_measure_departments (one row per LEADS).
// mode: read
// access: public
MATCH (m:Measure {id: $id})
OPTIONAL MATCH (m)-[:DERIVED_FROM]->(d:Document)
OPTIONAL MATCH (r:Region {id: m.region_id})
OPTIONAL MATCH (b:Batch)-[:PROMOTES]->(m)
RETURN m {.id, .key, .seq, .title, .content, .level, .region_id, .document_id, .category,
          .section, .status, .scope, .untitled, .departments_printed, .deadline, .leader,
          responsible_parties: coalesce(m.responsible_parties, []), .date,
          .line_start, .line_end, .char_start, .char_end} AS measure,
       d {.id, .title, .number, .date, .source_file, .level, .region_id, .batch, .batch_role, .stub} AS document,
       r {.id, .name, .short, .level} AS region,
       b {.id, .number, .year, .notice_number, .date} AS batch,
       [(m)-[a:ADAPTS]->(n:Measure) | {id: n.id, title: n.title, level: n.level, key: n.key,
         document_id: n.document_id, link: properties(a)}] AS adapts,
       [(x:Measure)-[a:ADAPTS]->(m) | {id: x.id, title: x.title, level: x.level, key: x.key,
         region_id: x.region_id, document_id: x.document_id, score: a.score, method: a.method}] AS adapted_by
