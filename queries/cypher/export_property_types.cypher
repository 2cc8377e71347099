// The value types of every node and relationship property key, for the streamed GraphML /
// GEXF exports, which declare each attribute's type before the first node. One pass in the
// engine; only the keys and their distinct types come back.
// mode: read
MATCH (n)
WHERE NOT n:GraphMeta
UNWIND keys(n) AS k
RETURN 'node' AS domain, k AS key, collect(DISTINCT valueType(n[k])) AS types
UNION ALL
MATCH ()-[r]->()
UNWIND keys(r) AS k
RETURN 'edge' AS domain, k AS key, collect(DISTINCT valueType(r[k])) AS types
