// Regions of one document (the issuing region and its parents). Shared reference
// nodes: properties are merged, never removed.
// mode: write
// example: {"rows": [{"id": "440000", "props": {"id": "440000", "name": "广东省", "short": "广东", "level": "province", "parent_id": "100000"}}]}
UNWIND $rows AS r
MERGE (n:Region {id: r.id})
SET n += r.props
