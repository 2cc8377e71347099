// Regions in the graph whose id, full name or short name is exactly $q.
// mode: read
// access: public
MATCH (r:Region)
WHERE r.id = $q OR r.name = $q OR r.short = $q
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN r.id AS id, r.name AS name, r.short AS short, r.level AS level, p.id AS parent_id
ORDER BY CASE r.level WHEN 'country' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, id
