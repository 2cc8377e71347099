// Every batch with how many national measures the graph holds for it.
// mode: read
// access: public
MATCH (b:Batch)
RETURN b.id AS id, b.number AS number, b.year AS year, b.notice_number AS notice_number,
       b.date AS date, b.measure_count AS measure_count,
       size([(b)-[:PROMOTES]->(n:Measure) | n.id]) AS measures_loaded
ORDER BY number
