// How many documents the graph holds.
// mode: read
MATCH (d:Document)
RETURN count(d) AS total
