// The national measures a batch promotes, each with the regions whose measures adapt it.
// (A pattern comprehension nested in another one returns nothing on FalkorDB 4.16, so
// this is one row per measure.)
// mode: read
// access: public
MATCH (b:Batch {number: $number})-[:PROMOTES]->(n:Measure)
RETURN n.id AS id, n.key AS key, n.seq AS seq, n.title AS title, n.category AS category,
       n.scope AS scope, n.untitled AS untitled,
       [(l:Measure)-[:ADAPTS]->(n) | l.region_id] AS adopted_in
ORDER BY seq, id
