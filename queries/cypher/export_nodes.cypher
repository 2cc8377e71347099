// Every node with its label and properties, for GraphML / GEXF / JSON exports.
// mode: read
MATCH (n)
RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS properties
ORDER BY label, id
