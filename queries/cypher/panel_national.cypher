// The national measures at risk in the event-history panel: every measure a Batch
// promotes (of batch $batch, or all when $batch is null) with its category, scope, the
// notice's date and how that date was read, and its guiding departments and lines.
// mode: read
// access: public
// example: {"batch": 3}
MATCH (b:Batch)-[:PROMOTES]->(n:Measure)
WHERE $batch IS NULL OR b.number = $batch
OPTIONAL MATCH (d:Document {id: n.document_id})
RETURN n {.id, .key, .seq, .title, .category, .scope, .date, .untitled} AS national,
       b {.id, .number, .date, .notice_number, .measure_count} AS batch,
       CASE WHEN d IS NULL THEN null ELSE d {.id, .number, .date, .date_method, .date_score} END AS notice,
       [(g:Department)-[gl:LEADS]->(n) | {id: g.id, name: g.name, line: g.line, rank: gl.rank,
         as_printed: gl.as_printed}] AS guides
ORDER BY b.number, n.seq, n.id
