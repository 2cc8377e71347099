// Regions that issued a loaded document, so coverage rows include regions with no adoption yet.
// mode: read
// access: public
MATCH (d:Document)
WHERE d.region_id IS NOT NULL AND (d.stub IS NULL OR d.stub = false)
MATCH (r:Region {id: d.region_id})
RETURN DISTINCT r.id AS id, r.name AS name, r.short AS short, r.level AS level
ORDER BY id
