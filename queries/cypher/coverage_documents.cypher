// Which regions have loaded documents, and which batch each document implements: the coverage
// page tells "no document of this region loaded" apart from "loaded, not adopted".
// mode: read
// access: public
MATCH (d:Document)
WHERE d.region_id IS NOT NULL AND (d.stub IS NULL OR d.stub = false)
RETURN d.region_id AS region_id, d.batch AS batch, count(d) AS documents
ORDER BY region_id, batch
