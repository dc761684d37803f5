// A Prisma generator that writes the DMMF it is handed to <output>/dmmf.json, so tests
// can read schema.prisma through Prisma's own parser (@prisma/internals is not a
// dependency). Protocol: JSON-RPC requests on stdin, one per line; replies on stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const reply = (id, result) => process.stderr.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const msg = JSON.parse(line);
  if (msg.method === 'getManifest') {
    reply(msg.id, { manifest: { prettyName: 'DMMF dump (schema-drift test)', requiresEngines: [] } });
  } else if (msg.method === 'generate') {
    const out = msg.params.generator.output.value;
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'dmmf.json'), JSON.stringify(msg.params.dmmf.datamodel));
    reply(msg.id, null);
  }
});
