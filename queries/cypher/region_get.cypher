// One region with its parent and the regions below it (PART_OF, up to two levels).
// mode: read
// access: public
MATCH (r:Region {id: $id})
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN r.id AS id, r.name AS name, r.short AS short, r.level AS level,
       p {.id, .name, .short, .level} AS parent,
       [(c:Region)-[:PART_OF*1..2]->(r) | c {.id, .name, .short, .level}] AS below
