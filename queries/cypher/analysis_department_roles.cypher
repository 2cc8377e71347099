// Name, line and every LEADS of the departments $ids (the few the diffusion figures
// rank first): their roles are counted over the measures in scope, in Python.
// mode: read
// example: {"ids": ["440000/广东省科学技术厅"]}
MATCH (d:Department)-[r:LEADS]->(m:Measure)
WHERE d.id IN $ids
RETURN d.id AS id, d.name AS name, d.line AS line, m.id AS measure_id, r.role AS role
