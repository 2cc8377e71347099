// A local measure and the national measure it adapts (if any), with both texts and the
// link: what the on-demand localisation diff needs.
// mode: read
// example: {"id": "file:guangdong-third-batch-plan/一.1"}
MATCH (l:Measure {id: $id})
OPTIONAL MATCH (l)-[a:ADAPTS]->(n:Measure)
RETURN l {.id, .key, .title, .content, .level, .region_id, .document_id, .innovation,
          .link_status, .link_note} AS local,
       n {.id, .key, .title, .content, .level, .document_id} AS national,
       a {.score, .method, .title_score, .content_score, .basis, .reuse_ratio, .kept, .added,
          .dropped, .dept_relation} AS adapts
