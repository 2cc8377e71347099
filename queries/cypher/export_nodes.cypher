// Every node with its label and properties, for GraphML / GEXF / JSON exports.
// mode: read
// Internal: the whole graph in one result. Users get it streamed page by page from
// /api/export/json (no query=) and the other exports; through ?query= the API would hold
// it whole (~1 GB at 10,000 documents). Tests read it directly to check the exports.
// GraphMeta is bookkeeping (graph_version), not part of the graph's data.
MATCH (n)
WHERE NOT n:GraphMeta
RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS properties
ORDER BY label, id
