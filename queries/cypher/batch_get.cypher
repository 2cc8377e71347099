// One batch: its facts, the notice it comes from, and each national measure it promotes
// with the regions that adopted it (through ADAPTS).
// mode: read
MATCH (b:Batch {number: $number})
OPTIONAL MATCH (b)-[:DERIVED_FROM]->(d:Document)
RETURN b {.id, .number, .year, .notice_number, .date, .measure_count} AS batch,
       d {.id, .title, .number, .date, .source_file} AS document,
       [(b)-[:PROMOTES]->(n:Measure) | {id: n.id, key: n.key, seq: n.seq, title: n.title,
         category: n.category, scope: n.scope, untitled: n.untitled,
         adopted_in: [(l:Measure)-[:ADAPTS]->(n) | l.region_id]}] AS measures
