// Stub documents cited by title only (id 'title:<title>'), to resolve against loaded
// documents of that title.
// mode: read
// example: {}
MATCH (s:Document)
WHERE s.stub = true AND s.id STARTS WITH 'title:'
RETURN s.id AS id, s.title AS title
ORDER BY s.id
