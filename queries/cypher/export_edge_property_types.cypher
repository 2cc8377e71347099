// The value types of every relationship property key, for the streamed GraphML / GEXF
// exports (see export_node_property_types.cypher).
// mode: read
MATCH ()-[r]->()
UNWIND keys(r) AS k
RETURN k AS key, collect(DISTINCT valueType(r[k])) AS types
