// Stub documents nothing cites any more (after a document was replaced or deleted).
// mode: write
// example: {}
MATCH (s:Document)
WHERE s.stub = true AND NOT (s)<-[:DERIVED_FROM]-()
DETACH DELETE s
