// Who leads the local measures adapting the national measures $ids: one row a national
// measure, with two parallel lists (department i leads local measure i). The department
// side of the diffusion figures: who shares a measure with whom. Lists, not a row a
// pair, for the reason given in analysis_adoptions.
// mode: read
// example: {"ids": ["国办发〔2020〕3号/2"]}
MATCH (n:Measure)
WHERE n.id IN $ids
MATCH (dep:Department)-[:LEADS]->(l:Measure)-[:ADAPTS]->(n)
RETURN n.id AS national_id, collect(l.id) AS local_ids, collect(dep.id) AS department_ids
