// One page of the whole graph's relationships, for the streamed exports: the next $limit
// anchor nodes after the cursor $after ('' on the first page), each with the relationships
// it anchors: its outgoing ones, except the types in $by_target, which its incoming ones
// of those types stand for. Every relationship has exactly one anchor, and anchoring each
// type at its low-degree end (a measure has a few leading departments, while a department
// leads hundreds of measures) keeps a page near $limit times a small number of rows.
// mode: read
// example: {"after": "", "limit": 100, "by_target": ["LEADS", "PROMOTES"]}
MATCH (n)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
OPTIONAL MATCH (n)-[r]->(b)
WHERE NOT type(r) IN $by_target
WITH n, collect(CASE WHEN r IS NOT NULL THEN {from_id: n.id, to_id: b.id, type: type(r), properties: properties(r),
                                             from_date: n.date, to_date: b.date} END) AS outs
OPTIONAL MATCH (a)-[s]->(n)
WHERE type(s) IN $by_target
WITH n, outs, collect(CASE WHEN s IS NOT NULL THEN {from_id: a.id, to_id: n.id, type: type(s), properties: properties(s),
                                             from_date: a.date, to_date: n.date} END) AS ins
RETURN n.id AS cursor, outs + ins AS edges
ORDER BY cursor
