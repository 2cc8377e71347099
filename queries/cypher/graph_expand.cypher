// One hop out of the given nodes, both directions: each relationship with its direction
// (from/to ids), type and properties, and the id and label of the node at the other end
// (its properties come from graph_nodes, only for the nodes the browser will show).
// $limit caps each label's rows so a hub (the country promotes every national measure)
// cannot flood the browser.
// mode: read
// access: public
MATCH (a:Measure)-[r]-(b) WHERE a.id IN $ids
RETURN startNode(r).id AS from_id, endNode(r).id AS to_id, type(r) AS type, properties(r) AS properties,
       a.id AS near_id, b.id AS other_id, labels(b)[0] AS other_label
LIMIT $limit
UNION ALL
MATCH (a:Document)-[r]-(b) WHERE a.id IN $ids
RETURN startNode(r).id AS from_id, endNode(r).id AS to_id, type(r) AS type, properties(r) AS properties,
       a.id AS near_id, b.id AS other_id, labels(b)[0] AS other_label
LIMIT $limit
UNION ALL
MATCH (a:Region)-[r]-(b) WHERE a.id IN $ids
RETURN startNode(r).id AS from_id, endNode(r).id AS to_id, type(r) AS type, properties(r) AS properties,
       a.id AS near_id, b.id AS other_id, labels(b)[0] AS other_label
LIMIT $limit
UNION ALL
MATCH (a:Department)-[r]-(b) WHERE a.id IN $ids
RETURN startNode(r).id AS from_id, endNode(r).id AS to_id, type(r) AS type, properties(r) AS properties,
       a.id AS near_id, b.id AS other_id, labels(b)[0] AS other_label
LIMIT $limit
UNION ALL
MATCH (a:Batch)-[r]-(b) WHERE a.id IN $ids
RETURN startNode(r).id AS from_id, endNode(r).id AS to_id, type(r) AS type, properties(r) AS properties,
       a.id AS near_id, b.id AS other_id, labels(b)[0] AS other_label
LIMIT $limit
