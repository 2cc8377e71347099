// A batch mentioned by a plan that implements it: create it if unknown, but leave the
// facts to the national notice that announces it (write_batch_notice).
// mode: write
// example: {"id": "batch-3", "props": {"id": "batch-3", "number": 3}}
MERGE (b:Batch {id: $id})
ON CREATE SET b += $props
