// A local measure and the national measure it adapts (if any), with both texts and the
// link: what the on-demand localisation diff needs.
// mode: read
// example: {"id": "file:guangdong-third-batch-plan/一.1"}
MATCH (l:Measure {id: $id})
OPTIONAL MATCH (l)-[a:ADAPTS]->(n:Measure)
RETURN l {.id, .key, .title, .content, .level, .region_id, .document_id, .innovation,
          .link_status, .link_note} AS local,
       CASE WHEN n IS NULL THEN null ELSE n {.id, .key, .title, .content, .level, .document_id} END AS national,
       CASE WHEN a IS NULL THEN null ELSE a {.score, .method, .basis, .title_score, .content_score,
          .runner_up, .time_basis, .candidates, .reuse_ratio, .local_novelty, .kept, .added,
          .dropped, .dept_relation, .dept_reason, .national_line, .national_guide, .local_line,
          .local_lead, .local_lead_as_printed, .lead_in_guides} END AS adapts
