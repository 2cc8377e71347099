// One page of the whole graph's relationships, for the streamed exports: the next $limit
// anchor nodes after the cursor $after ('' on the first page), each with the relationships
// it anchors: its outgoing ones, except the types in $by_target, which its incoming ones
// of those types stand for. Every relationship has exactly one anchor, and anchoring each
// type at its low-degree end (a measure has a few leading departments, while a department
// leads hundreds of measures) keeps a page near $limit times a small number of rows.
// mode: read
// example: {"after": "", "limit": 100, "by_target": ["LEADS", "PROMOTES"]}
// One row per relationship, a list: [0, anchor, relationship, from_id, to_id, type,
// from_date, to_date, properties] for an outgoing one, [1, …] the same for an incoming
// one; then one row [2, [anchor, …]] with the page's anchors in order (the cursor is the
// last; anchors with no relationship count too). (`strings`: see the FalkorDB variant.)
MATCH (n)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
MATCH (n)-[r]->(b)
WHERE NOT type(r) IN $by_target
RETURN [0, n.id, elementId(r), n.id, b.id, type(r), n.date, b.date, properties(r)] AS row, null AS strings
UNION ALL
MATCH (n)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
MATCH (a)-[s]->(n)
WHERE type(s) IN $by_target
RETURN [1, n.id, elementId(s), a.id, n.id, type(s), a.date, n.date, properties(s)] AS row, null AS strings
UNION ALL
MATCH (n)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN [2, collect(n.id)] AS row, null AS strings
