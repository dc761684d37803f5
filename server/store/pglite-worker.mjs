// The PGlite instance behind pglite-thread.ts, in its own worker thread so that
// PostgreSQL's work (WASM) runs beside the main thread's (Kafka, extraction, the app)
// on another core. Plain JavaScript: a worker gets no TypeScript loader under vitest.
//
// Requests arrive in order on one port; PGlite's own mutexes queue them exactly as they
// would in-process: a transaction holds the connection until the main thread ends it,
// and plain queries wait behind it.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, messages } from '@electric-sql/pglite';
import { bulkQuery, hasByteParams } from './pglite-bulk-query.mjs';

const { dataDir, binaryArrayOids } = workerData;
const binaryOids = new Set(binaryArrayOids);
const raw = (x) => x;

/**
 * PostgreSQL settings on top of PGlite's own. wal_init_zero=off: a new 16 MB WAL
 * segment is created at its size instead of written full of zeroes first, which doubled
 * the WAL the collector's writes cost (PostgreSQL runs single-user in PGlite, without the
 * checkpointer that would recycle old segments). Crash safety is unchanged: recovery stops at the first invalid
 * record either way; PostgreSQL's docs offer the setting for file systems where the zeroes
 * buy nothing, and PGlite already runs with fsync off.
 */
const START_PARAMS = ['-c', 'wal_init_zero=off'];

/** Open transactions by id: the PGlite handle and how to end its callback. */
const transactions = new Map();
let nextTx = 1;
let db;

/** Thrown into a transaction's callback to roll it back; never reported. */
class RollbackRequested extends Error {}

/**
 * A byte view for one of binary-arrays.ts's array types goes out as binary; otherwise
 * PGlite's own serializer (which would turn the bytes into an array literal).
 */
function serializersFor(target) {
  const out = {};
  for (const oid of binaryOids) out[oid] = (v) => (v instanceof Uint8Array ? v : (target.serializers[oid] ?? String)(v));
  return out;
}

function queryOptions(opts, serializers) {
  const options = { serializers };
  if (opts?.rowMode) options.rowMode = opts.rowMode;
  // The main thread parses these types itself (its parsers are functions, which cannot
  // cross): hand over PostgreSQL's text.
  if (opts?.rawOids?.length) options.parsers = Object.fromEntries(opts.rawOids.map((oid) => [oid, raw]));
  return options;
}

/** A result with only what can be cloned (PGlite adds no functions, but be explicit). */
function plainResult(r) {
  const out = { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
  if (r.rowCount !== undefined) out.rowCount = r.rowCount;
  if (r.command !== undefined) out.command = r.command;
  return out;
}

/** An error as plain fields: PGlite's errors carry the query options (functions) and params. */
function plainError(err) {
  if (err instanceof messages.DatabaseError) {
    const fields = {};
    for (const k of ['severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where', 'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine', 'query']) {
      if (err[k] !== undefined) fields[k] = err[k];
    }
    return { database: true, message: err.message, length: err.length, name: err.name, stack: err.stack, fields };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return { database: false, message: e.message, name: e.name, stack: e.stack, code: typeof e.code === 'string' ? e.code : undefined };
}

let serializers;

function txHandle(id) {
  const t = transactions.get(id);
  if (!t) throw new Error('Transaction is closed');
  return t;
}

async function begin() {
  const id = nextTx++;
  let started;
  const ready = new Promise((resolve) => (started = resolve));
  const t = { tx: undefined, finish: undefined, done: undefined };
  t.done = db.transaction(
    (tx) =>
      new Promise((resolve, reject) => {
        t.tx = tx;
        t.finish = { resolve, reject };
        transactions.set(id, t);
        started();
      }),
  );
  // BEGIN itself may fail (a closed database): then the callback never starts.
  await Promise.race([ready, t.done]);
  return id;
}

async function end(id, commit) {
  const t = txHandle(id);
  transactions.delete(id);
  if (commit) t.finish.resolve();
  else t.finish.reject(new RollbackRequested());
  try {
    await t.done;
  } catch (err) {
    if (!(err instanceof RollbackRequested)) throw err;
  }
}

async function handle(msg) {
  switch (msg.op) {
    case 'query': {
      const target = msg.tx ? txHandle(msg.tx).tx : db;
      const options = queryOptions(msg.opts, serializers);
      if (hasByteParams(msg.params)) {
        if (msg.tx && target.closed) throw new Error('Transaction is closed');
        return plainResult(await bulkQuery(db, Boolean(msg.tx), msg.text, msg.params, options));
      }
      return plainResult(await target.query(msg.text, msg.params, options));
    }
    case 'exec': {
      const target = msg.tx ? txHandle(msg.tx).tx : db;
      return (await target.exec(msg.script, msg.opts?.rawOids?.length ? queryOptions(msg.opts, undefined) : undefined)).map(plainResult);
    }
    case 'begin':
      return begin();
    case 'rollback':
      return void (await txHandle(msg.tx).tx.rollback());
    case 'end':
      return end(msg.tx, msg.commit);
    case 'close':
      if (!db.closed) await db.close();
      return undefined;
    default:
      throw new Error(`unknown request ${msg.op}`);
  }
}

function reply(id, value) {
  try {
    parentPort.postMessage({ id, ok: true, value });
  } catch (err) {
    // A value that cannot be cloned (a type whose parser returned one): say so, not hang.
    parentPort.postMessage({ id, ok: false, error: plainError(err) });
  }
}

async function main() {
  try {
    db = await PGlite.create({ dataDir, startParams: [...PGlite.defaultStartParams, ...START_PARAMS] });
    serializers = serializersFor(db);
  } catch (err) {
    parentPort.postMessage({ id: 0, ok: false, error: plainError(err) });
    return;
  }
  parentPort.on('message', (msg) => {
    handle(msg).then(
      (value) => reply(msg.id, value),
      (err) => parentPort.postMessage({ id: msg.id, ok: false, error: plainError(err) }),
    );
  });
  parentPort.postMessage({ id: 0, ok: true });
}

main();
