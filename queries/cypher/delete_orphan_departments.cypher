// Departments that lead nothing any more (their only documents were deleted).
// mode: write
// example: {}
MATCH (n:Department)
WHERE NOT (n)-[:LEADS]->()
DETACH DELETE n
