// One document, whole, in ONE statement: FalkorDB runs a single query atomically (a
// run-time error rolls it back; readers see the graph before it or after it), so a
// reload that fails or is killed at any point leaves the previous version whole, and no
// reader ever sees a half-written document. Neo4j runs it in one transaction too.
// Phases, each ended by `WITH count(*) AS done` (one row again, even after an empty
// UNWIND): regions and their PART_OF; departments (shared; canonical_* kept from the
// best evidence seen and printed_names sorted, so neither depends on load order);
// documents this file replaces under another id (the file changed its 文号) become stubs
// without measures; what the previous version of this document stated (LEADS and
// PROMOTES into its measures, its citations and ISSUED_IN, measures it no longer has);
// the document (properties replaced, sha256 included, link_pending until its linking has
// run), its measures with their spans, PROMOTES, LEADS, the batch, its citations; last,
// stubs nothing cites any more. Only this write can have left a stub uncited, and only one
// it or a replaced document cited, or a replaced document itself: those are
// $stub_candidates (from load_document_state), looked up by id, so the write does not
// scan every Document (it did: the cost grew with the graph, per document loaded).
// mode: write
// example: {"id": "国办发〔2020〕3号", "region_id": "100000", "date": "2020-02-07", "props": {"id": "国办发〔2020〕3号", "title": "t", "stub": false, "sha256": "x", "source_file": "national.txt", "link_pending": true}, "regions": [{"id": "100000", "props": {"id": "100000", "name": "中国", "level": "country"}}], "region_parts": [], "departments": [{"id": "100000/科学技术部", "region_id": "100000", "printed_names": ["科技部"], "props": {"id": "100000/科学技术部", "name": "科学技术部", "region_id": "100000", "level": "national", "line": "科技"}, "canonical": {"method": "alias-table", "score": 1.0, "evidence": "科技部"}}], "replaces": [], "measures": [{"id": "国办发〔2020〕3号/1", "props": {"id": "国办发〔2020〕3号/1", "document_id": "国办发〔2020〕3号", "key": "1", "seq": 1, "text": "t"}, "span": {"source_file": "national.txt", "line_start": 1, "line_end": 1, "char_start": 0, "char_end": 1}}], "measure_ids": ["国办发〔2020〕3号/1"], "leads": [{"department_id": "100000/科学技术部", "measure_id": "国办发〔2020〕3号/1", "document_id": "国办发〔2020〕3号", "props": {"role": "guide", "rank": 1, "as_printed": "科技部", "rule": "guiding-department", "document_id": "国办发〔2020〕3号"}}], "batch_mention": [], "batch_notice": [{"id": "batch-3", "props": {"id": "batch-3", "number": 3, "year": 2020}}], "cites": [{"id": "国科发〔2019〕1号", "number": "国科发〔2019〕1号", "title": null, "via": "number", "cited_as": "国科发〔2019〕1号"}], "stub_candidates": []}
UNWIND $regions AS r
MERGE (n:Region {id: r.id})
SET n += r.props
WITH count(*) AS done
UNWIND $region_parts AS r
MATCH (c:Region {id: r.id})
MATCH (p:Region {id: r.parent_id})
MERGE (c)-[:PART_OF]->(p)
WITH count(*) AS done
UNWIND $departments AS r
MERGE (n:Department {id: r.id})
WITH n, r,
     n.canonical_score IS NULL
     OR r.canonical.score > n.canonical_score
     OR (r.canonical.score = n.canonical_score
         AND (r.canonical.method < n.canonical_method
              OR (r.canonical.method = n.canonical_method
                  AND coalesce(r.canonical.evidence, '') < coalesce(n.canonical_evidence, '')))) AS better,
     coalesce(n.printed_names, []) + [x IN r.printed_names WHERE NOT x IN coalesce(n.printed_names, [])] AS names
SET n += r.props,
    n.canonical_method = CASE WHEN better THEN r.canonical.method ELSE n.canonical_method END,
    n.canonical_score = CASE WHEN better THEN r.canonical.score ELSE n.canonical_score END,
    n.canonical_evidence = CASE WHEN better THEN r.canonical.evidence ELSE n.canonical_evidence END,
    n.printed_names = [i IN range(0, size(names) - 1) | head([x IN names WHERE size([y IN names WHERE y < x]) = i])]
WITH n, r
MATCH (g:Region {id: r.region_id})
MERGE (n)-[:BELONGS_TO]->(g)
WITH count(*) AS done
UNWIND $replaces AS oid
MATCH (od:Document {id: oid})
OPTIONAL MATCH (om:Measure {document_id: oid})
DETACH DELETE om
WITH DISTINCT od
OPTIONAL MATCH (ob:Batch)-[:DERIVED_FROM]->(od)
DETACH DELETE ob
WITH DISTINCT od
OPTIONAL MATCH (od)-[oc]->()
DELETE oc
WITH DISTINCT od
SET od = {id: od.id, title: od.title, number: od.number, stub: true}
WITH count(*) AS done
OPTIONAL MATCH (:Measure {document_id: $id})<-[r:LEADS|PROMOTES]-()
DELETE r
WITH count(*) AS done
OPTIONAL MATCH (:Document {id: $id})-[c:DERIVED_FROM|ISSUED_IN]->()
DELETE c
WITH count(*) AS done
OPTIONAL MATCH (m:Measure {document_id: $id})
WHERE NOT m.id IN $measure_ids
DETACH DELETE m
WITH count(*) AS done
MERGE (d:Document {id: $id})
// alternate_sources (other files of the same document, policygraph.duplicates) are not this
// file's facts: they survive the replacement.
WITH d, d.alternate_sources AS alternates
SET d = $props
SET d.alternate_sources = alternates
WITH d
MATCH (g:Region {id: $region_id})
MERGE (d)-[:ISSUED_IN]->(g)
WITH count(*) AS done
MATCH (d:Document {id: $id})
UNWIND $measures AS r
MERGE (m:Measure {id: r.id})
SET m = r.props
MERGE (m)-[e:DERIVED_FROM]->(d)
SET e = r.span
WITH count(*) AS done
MATCH (g:Region {id: $region_id})
UNWIND $measure_ids AS mid
MATCH (m:Measure {id: mid})
MERGE (g)-[p:PROMOTES {document_id: $id}]->(m)
SET p.date = $date
WITH count(*) AS done
UNWIND $leads AS r
MATCH (dep:Department {id: r.department_id})
MATCH (m:Measure {id: r.measure_id})
MERGE (dep)-[l:LEADS {document_id: r.document_id}]->(m)
SET l = r.props
WITH count(*) AS done
UNWIND $batch_mention AS r
MERGE (b:Batch {id: r.id})
ON CREATE SET b += r.props
WITH count(*) AS done
UNWIND $batch_notice AS r
MERGE (b:Batch {id: r.id})
SET b += r.props
WITH b
MATCH (d:Document {id: $id})
MERGE (b)-[:DERIVED_FROM]->(d)
WITH b
UNWIND $measure_ids AS mid
MATCH (m:Measure {id: mid})
MERGE (b)-[:PROMOTES]->(m)
WITH count(*) AS done
MATCH (d:Document {id: $id})
UNWIND $cites AS r
MERGE (c:Document {id: r.id})
ON CREATE SET c.stub = true, c.title = r.title, c.number = r.number
MERGE (d)-[e:DERIVED_FROM]->(c)
SET e.via = r.via, e.cited_as = r.cited_as
WITH count(*) AS done
UNWIND $stub_candidates AS sid
MATCH (s:Document {id: sid})
WHERE s.stub = true AND NOT (s)<-[:DERIVED_FROM]-()
DETACH DELETE s
RETURN count(*) AS done
