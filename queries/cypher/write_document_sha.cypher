// The last statement of a document's load: record the file's sha256. Until it has run
// the stored hash differs from the file's, so a load cut short (crash, kill) is redone
// by the next load instead of being taken for 'unchanged'.
// mode: write
// example: {"id": "国办发〔2020〕3号", "sha256": "0f3c"}
MATCH (d:Document {id: $id})
SET d.sha256 = $sha256
