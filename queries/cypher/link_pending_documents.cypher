// Documents written whose linking has not committed yet (a load stopped during linking,
// or still running): the next load and `policygraph repair` relink them.
// mode: read
// example: {}
MATCH (d:Document)
WHERE d.link_pending = true
RETURN d.id AS id
ORDER BY id
