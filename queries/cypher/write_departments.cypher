// Departments named by one document, BELONGS_TO their region. Shared across documents:
// properties are merged and printed_names grows without duplicates.
// mode: write
// example: {"rows": [{"id": "440000/广东省科学技术厅", "region_id": "440000", "printed_names": ["省科技厅"], "props": {"id": "440000/广东省科学技术厅", "name": "广东省科学技术厅", "region_id": "440000", "level": "provincial", "line": "科技"}}]}
UNWIND $rows AS r
MERGE (n:Department {id: r.id})
SET n += r.props,
    n.printed_names = coalesce(n.printed_names, []) +
        [x IN r.printed_names WHERE NOT x IN coalesce(n.printed_names, [])]
WITH n, r
MATCH (g:Region {id: r.region_id})
MERGE (n)-[:BELONGS_TO]->(g)
