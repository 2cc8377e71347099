// Lint Cypher statements with Neo4j's own linter (@neo4j-cypher/language-support), offline.
// stdin:  {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//          "queries": [{"name": "...", "text": "...", "params": {"p": <sample value>},
//                       "propertyKeys": [extra keys known for this query, e.g. fields of $rows]}]}
// stdout: [{"name": "...", "diagnostics": [{"severity": 1|2, "message": "...", "line": n}]}]
// Severity 1 is an error, 2 a warning (deprecated syntax, unknown label, ...).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { schema, queries } = JSON.parse(input);

const out = queries.map(({ name, text, params, propertyKeys }) => {
  const keys = [...(schema.propertyKeys || []), ...(propertyKeys || [])];
  const result = lintCypherQuery(text, { ...schema, propertyKeys: keys, parameters: params || {} });
  const diagnostics = (result.diagnostics || []).map((d) => ({
    severity: d.severity,
    message: d.message,
    line: d.range ? d.range.start.line + 1 : null,
  }));
  return { name, diagnostics };
});
process.stdout.write(JSON.stringify(out));
