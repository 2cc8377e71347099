// How many documents the graph holds.
// mode: read
// access: public
MATCH (d:Document)
RETURN count(d) AS total
