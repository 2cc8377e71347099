// Nodes by id, whatever their label: one index lookup per label (ids are unique per label).
// mode: read
// access: public
MATCH (n:Measure) WHERE n.id IN $ids
RETURN n.id AS id, 'Measure' AS label, properties(n) AS properties
UNION ALL
MATCH (n:Document) WHERE n.id IN $ids
RETURN n.id AS id, 'Document' AS label, properties(n) AS properties
UNION ALL
MATCH (n:Region) WHERE n.id IN $ids
RETURN n.id AS id, 'Region' AS label, properties(n) AS properties
UNION ALL
MATCH (n:Department) WHERE n.id IN $ids
RETURN n.id AS id, 'Department' AS label, properties(n) AS properties
UNION ALL
MATCH (n:Batch) WHERE n.id IN $ids
RETURN n.id AS id, 'Batch' AS label, properties(n) AS properties
