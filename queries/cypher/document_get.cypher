// One document: its facts, region, and the documents directly citing it.
// mode: read
// access: public
MATCH (d:Document {id: $id})
OPTIONAL MATCH (r:Region {id: d.region_id})
OPTIONAL MATCH (b:Batch)-[:DERIVED_FROM]->(d)
RETURN d {.id, .title, .number, .issuer, .date, .year, .date_precision, .date_method, .published,
          .issuer_method, .alternate_sources, .level, .region_id, .region_name, .source_file,
          .sha256, .encoding, .layout, .batch, .batch_role, .stub, .converted_from_traditional,
          .loaded_at} AS document,
       r {.id, .name, .short, .level} AS region,
       b {.id, .number} AS announces_batch,
       [(x:Document)-[c:DERIVED_FROM]->(d) | {id: x.id, title: x.title, via: c.via, cited_as: c.cited_as}] AS cited_by
