// One measure in full: its text fields, the document it comes from, its region, the
// batch that promotes it (national), and the measures it adapts. The measures that adapt
// it (~3,000 for a national measure at 10,000 documents) come counted and paged from
// measure_adapted_by_counts / measure_adapted_by_page; departments from
// find_measure_departments (one row per LEADS).
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
         document_id: n.document_id, link: properties(a)}] AS adapts
