// The batch document $id implements and that batch's notice: the implied parent of a
// plan that answers a batch without citing the notice's number (the Hebei task list).
// mode: read
// example: {"id": "file:hebei-city-third-batch-tasks"}
MATCH (d:Document {id: $id})
MATCH (b:Batch)
WHERE b.number = d.batch
OPTIONAL MATCH (b)-[:DERIVED_FROM]->(n:Document)
RETURN d.batch_role AS batch_role,
       b {.id, .number, .date, .notice_number} AS batch,
       CASE WHEN n IS NULL THEN null ELSE n {.id, .title, .number, .date, .level, .stub} END AS notice
