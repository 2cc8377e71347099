// Titles of loaded (non-stub) documents, for resolving title-only citations.
// mode: read
// example: {}
MATCH (d:Document)
WHERE coalesce(d.stub, false) = false AND d.title IS NOT NULL
RETURN d.id AS id, d.title AS title
ORDER BY d.id
