// Every node with its label and properties, for GraphML / GEXF / JSON exports.
// mode: read
// access: public
// GraphMeta is bookkeeping (graph_version), not part of the graph's data.
MATCH (n)
WHERE NOT n:GraphMeta
RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS properties
ORDER BY label, id
