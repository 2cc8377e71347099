// The departments that lead the local measures adapting the national measures $ids,
// each with those local measures: the department side of the diffusion figures (who
// shares a measure with whom). One row a department, ids only.
// mode: read
// example: {"ids": ["国办发〔2020〕3号/2"]}
MATCH (n:Measure)
WHERE n.id IN $ids
MATCH (dep:Department)-[:LEADS]->(l:Measure)-[:ADAPTS]->(n)
RETURN dep.id AS department_id, collect(DISTINCT l.id) AS measure_ids
