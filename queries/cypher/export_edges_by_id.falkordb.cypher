// Relationships of an export page read again as values, not JSON text (see
// export_edges_page.falkordb.cypher): the relationships $relationships (FalkorDB ids) of
// the anchors $anchors (node ids), each as its id and [from_id, to_id, type, from_date,
// to_date, properties].
// mode: read
// example: {"anchors": [0], "relationships": [0]}
MATCH (n)
WHERE id(n) IN $anchors
MATCH (n)-[r]-()
WHERE id(r) IN $relationships
RETURN DISTINCT id(r) AS relationship,
       [startNode(r).id, endNode(r).id, type(r), startNode(r).date, endNode(r).date, properties(r)] AS row
