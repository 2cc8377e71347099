// Local documents with a measure marked linked whose ADAPTS link is gone (its national
// measure was deleted or replaced): a relink after any change revisits them.
// mode: read
// example: {}
MATCH (m:Measure)
WHERE m.link_status = 'linked' AND NOT (m)-[:ADAPTS]->(:Measure)
MATCH (d:Document {id: m.document_id})
RETURN DISTINCT d {.id, .level, .date, .year, .date_precision, .published, .batch, .batch_role, .region_id, .title} AS document
ORDER BY document.id
