// The value types of every relationship property key (see export_edge_property_types.cypher);
// FalkorDB names a value's type with typeOf().
// mode: read
MATCH ()-[r]->()
UNWIND keys(r) AS k
RETURN k AS key, collect(DISTINCT typeOf(r[k])) AS types
