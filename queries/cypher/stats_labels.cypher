// Node count per label (every node has exactly one label).
// mode: read
// example: {}
MATCH (n)
RETURN labels(n)[0] AS label, count(*) AS count
ORDER BY label
