// Parses the application's AsyncAPI document with AsyncAPI's own parser (@asyncapi/parser), resolving its $refs to
// the JSON Schemas beside it, and prints what AsyncapiDocumentTest checks. Exit 1 with the diagnostics when the
// parser finds an error (severity 0). Usage: node asyncapi-check.mjs <path of asyncapi.yaml>
import { Parser, fromFile } from '@asyncapi/parser';

const path = process.argv[2];
const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, path).parse();
const errors = diagnostics.filter(d => d.severity === 0);
if (!document || errors.length > 0) {
  console.error(JSON.stringify(errors.map(d => ({ code: d.code, message: d.message, path: d.path })), null, 1));
  process.exit(1);
}
const payloadProperties = message => Object.keys(message.payload()?.properties() ?? {}).sort();
const messages = {};
for (const channel of document.channels().all()) {
  for (const message of channel.messages().all()) {
    messages[channel.address() ?? channel.id()] = payloadProperties(message);
  }
}
console.log(JSON.stringify({
  version: document.version(),
  channels: document.channels().all().map(c => c.address()),
  operations: document.operations().all().map(o => `${o.action()}:${o.id()}`).sort(),
  messages,
  warnings: diagnostics.filter(d => d.severity === 1).map(d => d.code),
}));
