// One batch: its facts and the notice it comes from. Its measures: batch_measures.
// mode: read
// access: public
MATCH (b:Batch {number: $number})
OPTIONAL MATCH (b)-[:DERIVED_FROM]->(d:Document)
RETURN b {.id, .number, .year, .notice_number, .date, .measure_count} AS batch,
       d {.id, .title, .number, .date, .source_file} AS document
