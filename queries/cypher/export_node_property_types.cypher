// The value types of every node property key, for the streamed GraphML / GEXF exports,
// which declare each attribute's type before the first node. One pass in the engine; only
// the keys and their distinct types come back. (Relationships: export_edge_property_types;
// the two run at once.)
// mode: read
MATCH (n)
WHERE NOT n:GraphMeta
UNWIND keys(n) AS k
RETURN k AS key, collect(DISTINCT valueType(n[k])) AS types
