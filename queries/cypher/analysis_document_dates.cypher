// The dates of the documents $ids (an adoption is dated by its document's date, else by
// its measure's own: policygraph.questions.common.adoption_date).
// mode: read
// example: {"ids": ["穗府办〔2020〕12号"]}
MATCH (d:Document)
WHERE d.id IN $ids
RETURN d.id AS id, d.date AS date
