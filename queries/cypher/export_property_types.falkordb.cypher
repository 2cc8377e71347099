// The value types of every node and relationship property key (see
// export_property_types.cypher); FalkorDB names a value's type with typeOf().
// mode: read
MATCH (n)
WHERE NOT n:GraphMeta
UNWIND keys(n) AS k
RETURN 'node' AS domain, k AS key, collect(DISTINCT typeOf(n[k])) AS types
UNION ALL
MATCH ()-[r]->()
UNWIND keys(r) AS k
RETURN 'edge' AS domain, k AS key, collect(DISTINCT typeOf(r[k])) AS types
