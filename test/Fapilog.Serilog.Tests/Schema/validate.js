// Validates every line of a JSON-lines file against a JSON Schema (draft 2020-12).
// Usage: node validate.js <schema.json> <lines.jsonl>
// Prints one "line N: errors" per invalid line and exits 1 if any line is invalid.
'use strict';
const fs = require('fs');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const [schemaPath, linesPath] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

const lines = fs.readFileSync(linesPath, 'utf8').split('\n').filter((l) => l.length > 0);
let invalid = 0;
lines.forEach((line, i) => {
  let doc;
  try {
    doc = JSON.parse(line);
  } catch (e) {
    invalid++;
    console.log(`line ${i + 1}: not JSON: ${e.message}`);
    return;
  }
  if (!validate(doc)) {
    invalid++;
    console.log(`line ${i + 1}: ${ajv.errorsText(validate.errors)}`);
  }
});
console.log(`${lines.length} lines, ${invalid} invalid`);
process.exit(invalid === 0 && lines.length > 0 ? 0 : 1);
