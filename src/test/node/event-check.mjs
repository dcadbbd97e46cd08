// Validates events (a JSON array of CloudEvents bodies, as the relay sends them) against the event JSON Schema
// (draft-07) with Ajv, the validator @asyncapi/parser itself uses. Prints one line per event: "ok" or its errors;
// exit 1 when any event breaks the schema. Usage: node event-check.mjs <event-v1.json> <events.json>
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [schemaPath, eventsPath] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
let failed = 0;
for (const event of JSON.parse(readFileSync(eventsPath, 'utf8'))) {
  if (validate(event)) {
    console.log(`ok ${event.type}`);
  } else {
    failed++;
    console.log(`invalid ${event.type}: ${JSON.stringify(validate.errors)}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
