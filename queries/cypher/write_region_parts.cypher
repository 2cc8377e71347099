// PART_OF from each region to its parent (city -> province -> country). A separate
// statement from write_regions so a parent listed after its child is already there.
// mode: write
// example: {"rows": [{"id": "440000", "parent_id": "100000"}]}
UNWIND $rows AS r
MATCH (c:Region {id: r.id})
MATCH (p:Region {id: r.parent_id})
MERGE (c)-[:PART_OF]->(p)
