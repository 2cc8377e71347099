// One department by id, or by canonical or printed name when $id is not an id.
// mode: read
// access: public
MATCH (dep:Department)
WHERE dep.id = $id OR dep.name = $id OR $id IN coalesce(dep.printed_names, [])
OPTIONAL MATCH (r:Region {id: dep.region_id})
RETURN dep.id AS id, dep.name AS name, dep.line AS line, dep.level AS level,
       dep.region_id AS region_id, dep.printed_names AS printed_names,
       r {.id, .name, .short, .level} AS region
ORDER BY CASE WHEN dep.id = $id THEN 0 WHEN dep.name = $id THEN 1 ELSE 2 END, id
LIMIT 20
