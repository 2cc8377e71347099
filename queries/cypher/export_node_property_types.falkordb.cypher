// The value types of every node property key (see export_node_property_types.cypher);
// FalkorDB names a value's type with typeOf().
// mode: read
MATCH (n)
WHERE NOT n:GraphMeta
UNWIND keys(n) AS k
RETURN k AS key, collect(DISTINCT typeOf(n[k])) AS types
