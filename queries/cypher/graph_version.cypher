// The graph's version: a token every load, delete and reset replaces
// (graph_version_bump). API answers are cached under it, so a load by any process (the
// CLI while the API serves, another API worker) makes every cached answer stale at once.
// Null before the first load. One node, read once per cached request (~0.3 ms).
// mode: read
MATCH (v:GraphMeta {id: 'graph'})
RETURN v.version AS version
