// One page of the local measures that adapt a measure: provinces first, then by region
// and id (the measure profile's order). Counts come from measure_adapted_by_counts.
// mode: read
// access: public
// example: {"id": "国办发〔2020〕3号/2", "offset": 0, "limit": 50}
MATCH (x:Measure)-[a:ADAPTS]->(m:Measure {id: $id})
RETURN x.id AS id, x.title AS title, x.level AS level, x.key AS key, x.region_id AS region_id,
       x.document_id AS document_id, a.score AS score, a.method AS method
ORDER BY CASE x.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 WHEN 'municipal' THEN 2 ELSE 3 END,
         region_id, id
SKIP $offset LIMIT $limit
