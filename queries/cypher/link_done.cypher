// The linking these documents' writes called for has committed: clear their
// link_pending mark (set by write_document_whole). Until then a load counts as
// unfinished and the next load or `policygraph repair` relinks them.
// mode: write
// example: {"ids": ["国办发〔2020〕3号"]}
UNWIND $ids AS i
MATCH (d:Document {id: i})
WHERE d.link_pending = true
SET d.link_pending = null
RETURN count(d) AS done
