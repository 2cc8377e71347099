// How many national measures were promoted after $date: what the time rule excluded
// for a dated local document (reported, so "no link" is explained).
// mode: read
// example: {"date": "2018-03-01"}
MATCH (m:Measure)
WHERE m.level = 'national'
OPTIONAL MATCH (b:Batch)-[:PROMOTES]->(m)
WITH m, coalesce(m.date, b.date) AS promoted
WHERE promoted IS NOT NULL AND promoted > $date
RETURN count(m) AS later
