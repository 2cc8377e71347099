// Relationships of an export page read again as values, not JSON text (see
// export_edges_page.falkordb.cypher): the relationships $relationships of the anchors
// $anchors, each as its id and [from_id, to_id, type, from_date, to_date, properties].
// mode: read
// example: {"anchors": ["440000"], "relationships": ["x"]}
MATCH (n)
WHERE n.id IN $anchors
MATCH (n)-[r]-()
WHERE elementId(r) IN $relationships
RETURN DISTINCT elementId(r) AS relationship,
       [startNode(r).id, endNode(r).id, type(r), startNode(r).date, endNode(r).date, properties(r)] AS row
