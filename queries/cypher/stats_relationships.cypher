// Relationship count per type.
// mode: read
// example: {}
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
