// Relationship count per type.
// mode: read
// access: public
// example: {}
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
