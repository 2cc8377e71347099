// Before a (re)load: remove the relationships this document states, so the new version
// recreates exactly its own: LEADS and PROMOTES into its measures, its citations, its
// ISSUED_IN. ADAPTS links and the measures themselves stay (measures are MERGEd by id).
// mode: write
// example: {"id": "国办发〔2020〕3号"}
MATCH (m:Measure {document_id: $id})<-[r:LEADS|PROMOTES]-()
DELETE r
WITH count(r) AS n
MATCH (d:Document {id: $id})-[c:DERIVED_FROM|ISSUED_IN]->()
DELETE c
