// Nodes of an export page read again as values, not JSON text (see
// export_nodes_page.falkordb.cypher): the rows [cursor, id, label, properties] of the
// nodes whose cursors are $ids.
// mode: read
// example: {"ids": ["440000"]}
MATCH (n)
WHERE n.id IN $ids
RETURN [n.id, n.id, labels(n)[0], properties(n)] AS row
