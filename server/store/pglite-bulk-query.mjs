// PGlite's query(), for statements with byte-view parameters (binary-arrays.ts's column
// arrays, ~10 MB a collector write), with the Bind message built in one buffer of its
// exact size. PGlite's protocol writer copies each value, grows by 1.5× (a fresh,
// zeroed buffer and a copy each time), then copies the whole message twice more: a
// profile of the PGlite thread put ~11 % of its time there (≈12 µs of an event's ~45).
//
// Otherwise the same steps as PGlite's own #runQuery (@electric-sql/pglite 0.5,
// base.ts): Parse, Describe the statement (for the parameters' types, hence their
// serializers), Bind, Describe the portal, Execute, Sync; under the same mutexes, so it
// queues with every other call; results parsed by PGlite's own parseResults.
// Plain JavaScript, loaded by pglite-worker.mjs.
import { messages, parse as pgParse, protocol } from '@electric-sql/pglite';

const { serialize } = protocol;
const noSync = { syncToFs: false };

/** Whether a call should take this path: some parameter is a byte view. */
export function hasByteParams(params) {
  return Array.isArray(params) && params.some((p) => p instanceof Uint8Array);
}

/** A Bind message for the unnamed portal and statement, text results. */
function bindMessage(values) {
  const n = values.length;
  let size = 1 + 4 + 1 + 1 + 2 + 2 * n + 2 + 2; // code, length, portal, statement, counts, formats, result formats
  const encoded = values.map((v) => {
    if (v === null) return null;
    const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
    size += bytes.byteLength;
    return bytes;
  });
  size += 4 * n;
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  buf[at++] = 0x42; // 'B'
  buf.writeInt32BE(size - 1, at);
  at += 4;
  buf[at++] = 0; // portal ''
  buf[at++] = 0; // statement ''
  buf.writeUInt16BE(n, at);
  at += 2;
  for (const v of values) {
    buf.writeInt16BE(v !== null && typeof v !== 'string' ? 1 : 0, at); // binary for bytes, text otherwise
    at += 2;
  }
  buf.writeUInt16BE(n, at);
  at += 2;
  for (const bytes of encoded) {
    if (bytes === null) {
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    buf.writeInt32BE(bytes.byteLength, at);
    at += 4;
    buf.set(bytes, at);
    at += bytes.byteLength;
  }
  buf.writeInt16BE(0, at); // no result format codes: every column as text
  return buf;
}

/**
 * `db.query(text, params, options)` or, with `inTransaction`, the same as a transaction's
 * `tx.query` (inside the transaction's hold on the connection, no sync to disk after it).
 */
export async function bulkQuery(db, inTransaction, text, params, options) {
  await db._checkReady();
  const run = () => db.runExclusive(() => runQuery(db, inTransaction, text, params, options));
  return inTransaction ? run() : db._runExclusiveTransaction(run);
}

async function runQuery(db, inTransaction, text, params, options) {
  const exec = (message) => db.execProtocolStream(message, noSync);
  let results = [];
  try {
    const parsed = await exec(serialize.parse({ text }));
    const types = pgParse.parseDescribeStatementResults(await exec(serialize.describe({ type: 'S' })));
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = options?.serializers?.[types[i]] ?? db.serializers[types[i]];
      const v = serializer ? serializer(param) : param.toString();
      return v instanceof Uint8Array || typeof v === 'string' ? v : String(v);
    });
    results = [...parsed, ...(await exec(bindMessage(values))), ...(await exec(serialize.describe({ type: 'P' }))), ...(await exec(serialize.execute({})))];
  } catch (e) {
    if (e instanceof messages.DatabaseError) Object.assign(e, { query: text, params, queryOptions: options });
    throw e;
  } finally {
    results.push(...(await exec(serialize.sync())));
  }
  if (!inTransaction) await db.syncToFs();
  return pgParse.parseResults(results, db.parsers, options)[0];
}
