// One measure as find_measure_detail gives it, without the measures that adapt it: what
// resolution, trace, path and who-leads need. At 10,000 documents a national measure has
// ~3,000 localisations, and moving them made the detail read ~100 ms of every trace.
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
