// Regions $ids with their ancestors (PART_OF, up to country), for adoption depth.
// mode: read
// access: public
// example: {"ids": ["440000", "130100"]}
MATCH (r:Region)
WHERE r.id IN $ids
OPTIONAL MATCH (r)-[:PART_OF*1..3]->(a:Region)
RETURN r {.id, .name, .short, .level} AS region,
       collect(CASE WHEN a IS NULL THEN null ELSE a {.id, .name, .short, .level} END) AS ancestors
ORDER BY region.id
