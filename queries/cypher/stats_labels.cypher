// Node count per label (every node has exactly one label).
// mode: read
// access: public
// example: {}
// GraphMeta is bookkeeping (graph_version), not part of the graph's data.
MATCH (n)
WHERE NOT n:GraphMeta
RETURN labels(n)[0] AS label, count(*) AS count
ORDER BY label
