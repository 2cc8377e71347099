// Departments of the same functional line (条条) as $id, at every level and region,
// with how many measures each leads.
// Counted with count(CASE … END), not sum(): FalkorDB's sum() is a float even over integers.
// mode: read
// access: public
MATCH (dep:Department {id: $id})
WHERE dep.line IS NOT NULL
MATCH (c:Department)
WHERE c.line = dep.line AND c.id <> dep.id
OPTIONAL MATCH (c)-[l:LEADS]->(:Measure)
RETURN c.id AS id, c.name AS name, c.level AS level, c.region_id AS region_id, c.line AS line,
       count(CASE l.role WHEN 'lead' THEN 1 END) AS leads, count(l) AS total
ORDER BY CASE c.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 ELSE 2 END, region_id, id
