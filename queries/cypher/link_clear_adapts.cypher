// Remove the ADAPTS links of the measures of the documents in $document_ids (relink
// recomputes them in the same transaction).
// mode: write
// example: {"document_ids": ["file:guangdong-third-batch-plan"]}
MATCH (l:Measure)-[a:ADAPTS]->(:Measure)
WHERE l.document_id IN $document_ids
DELETE a
