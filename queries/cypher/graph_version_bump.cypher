// A new graph version (a random token, never a counter: a reset deletes the node, and a
// counter starting again would reuse an old version's cached answers). Written by
// policygraph.core once per load / delete / reset, after the documents and their links.
// mode: write
// example: {"version": "3f2a9c0e"}
MERGE (v:GraphMeta {id: 'graph'})
SET v.version = $version
RETURN v.version AS version
