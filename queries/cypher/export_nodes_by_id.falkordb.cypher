// Nodes of an export page read again as values, not JSON text (see
// export_nodes_page.falkordb.cypher): the rows [cursor, id, label, properties] of the
// nodes whose cursors (FalkorDB node ids) are $ids.
// mode: read
// example: {"ids": [0, 1]}
MATCH (n)
WHERE id(n) IN $ids
RETURN [id(n), n.id, labels(n)[0], properties(n)] AS row
