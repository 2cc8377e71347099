// Departments leading measures in the given regions: how many they lead, co-lead or share.
// Counted with count(CASE … END), not sum(): FalkorDB's sum() is a float even over integers.
// mode: read
// access: public
MATCH (dep:Department)-[l:LEADS]->(m:Measure)
WHERE m.region_id IN $region_ids
RETURN dep.id AS id, dep.name AS name, dep.line AS line, dep.level AS level,
       dep.region_id AS region_id, dep.printed_names AS printed_names,
       count(CASE l.role WHEN 'lead' THEN 1 END) AS leads,
       count(CASE l.role WHEN 'co' THEN 1 END) AS co,
       count(CASE l.role WHEN 'shared' THEN 1 END) AS shared,
       count(l) AS total
ORDER BY leads DESC, total DESC, id
