// The DERIVED_FROM chain upward from a document: each cited document with its distance
// and the citation as printed (up to five steps).
// mode: read
// access: public
MATCH p = (d:Document {id: $id})-[:DERIVED_FROM*1..5]->(x:Document)
RETURN x.id AS id, x.title AS title, x.number AS number, x.date AS date, x.stub AS stub,
       length(p) AS depth,
       [n IN nodes(p) | n.id] AS chain,
       [c IN relationships(p) | {via: c.via, cited_as: c.cited_as}] AS citations
ORDER BY depth, id
