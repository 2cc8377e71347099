// Local measures with no national parent, per link status (innovation = compared and
// unmatched; pending = the national list it answers is not loaded), per region.
// mode: read
// access: public
// example: {}
MATCH (m:Measure)
WHERE m.level IN ['provincial', 'municipal'] AND m.innovation = true
RETURN m.region_id AS region_id, m.link_status AS link_status, count(m) AS measures
ORDER BY region_id, link_status
