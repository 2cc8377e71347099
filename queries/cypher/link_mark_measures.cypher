// Batched link status of local measures: innovation (no national parent), link_status
// and link_note (why), in r.props.
// mode: write
// example: {"rows": [{"id": "file:guangdong-third-batch-plan/一.1", "props": {"innovation": false, "link_status": "linked"}}]}
UNWIND $rows AS r
MATCH (m:Measure {id: r.id})
SET m += r.props
RETURN count(m) AS marked
