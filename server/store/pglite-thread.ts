import { Worker } from 'node:worker_threads';
import { messages, type QueryOptions, type Results } from '@electric-sql/pglite';
import { BINARY_ARRAY_OIDS } from './binary-arrays';

/**
 * What the app uses of a PGlite instance (pglite-executor.ts and pglite-prisma-adapter:
 * query with rowMode and parsers, exec, transaction, close), served by a PGlite that
 * lives in a worker thread (pglite-worker.mjs).
 *
 * Why a thread: PostgreSQL's work in PGlite is synchronous WASM on the calling thread;
 * in-process, the collector's Kafka consumer and extraction wait while it runs. In a
 * worker both proceed at once on separate cores. (PGlite's own PGliteWorker needs
 * navigator.locks, which Node 20 lacks.)
 *
 * Same JavaScript values as in-process: PGlite's default parsers run in the worker and
 * their values (bigint, Date, Uint8Array, parsed JSON) survive the structured clone;
 * parsers passed per query are functions, so the worker leaves those types as text and
 * they run here. Errors from PostgreSQL come back as PGlite's DatabaseError with their
 * fields (code, detail, constraint…), which the Prisma adapter and the collector check.
 */
export interface PgliteTransaction {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(script: string, options?: QueryOptions): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

export interface PgliteThread extends Omit<PgliteTransaction, 'rollback' | 'closed'> {
  transaction<T>(fn: (tx: PgliteTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed: boolean;
}

interface WireError {
  database: boolean;
  message: string;
  name: string;
  stack?: string;
  length?: number;
  code?: string;
  fields?: Record<string, string>;
}
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };
type Request = { op: string; tx?: number; [k: string]: unknown };
type Parsers = NonNullable<QueryOptions['parsers']>;

const workerUrl = new URL('./pglite-worker.mjs', import.meta.url);

/** The error the worker sent, rebuilt as the class the caller would have seen in-process. */
function rebuild(e: WireError): Error {
  if (e.database) {
    const err = new messages.DatabaseError(e.message, e.length ?? 0, e.name as never);
    Object.assign(err, e.fields);
    err.stack = `${err.stack}\n    --- in the PGlite thread ---\n${e.stack ?? ''}`;
    return err;
  }
  const err = new Error(e.message) as Error & { code?: string };
  err.name = e.name;
  if (e.code) err.code = e.code;
  err.stack = `${err.stack}\n    --- in the PGlite thread ---\n${e.stack ?? ''}`;
  return err;
}

const cloneAsIs = new Set<unknown>([Object.prototype, Array.prototype, Date.prototype, null]);

/**
 * Parameters as they should cross: byte views copied to their own buffer and
 * transferred (a Buffer's backing store can be Node's shared pool, which a structured
 * clone would copy whole); other class instances by their text, as PGlite would
 * serialize them (a clone would keep only their fields).
 */
function outgoing(params: readonly unknown[] | undefined, transfer: ArrayBuffer[]): unknown[] | undefined {
  if (!params) return undefined;
  return params.map((v) => {
    if (v === null || typeof v !== 'object') return v;
    if (ArrayBuffer.isView(v)) {
      const copy = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
      transfer.push(copy.buffer);
      return copy;
    }
    return cloneAsIs.has(Object.getPrototypeOf(v)) ? v : String(v);
  });
}

/** Applies the caller's parsers to the columns the worker left as text. */
function parseHere<T>(r: Results<T>, parsers: Parsers | undefined, rowMode: QueryOptions['rowMode']): Results<T> {
  if (!parsers || r.rows.length === 0) return r;
  const cols = r.fields.map((f, i) => ({ i, name: f.name, type: f.dataTypeID, parse: parsers[f.dataTypeID] })).filter((c) => c.parse);
  if (cols.length === 0) return r;
  for (const row of r.rows as unknown as Record<string | number, unknown>[]) {
    for (const c of cols) {
      const key = rowMode === 'array' ? c.i : c.name;
      const v = row[key];
      if (v !== null && v !== undefined) row[key] = (c.parse as (x: string, typeId: number) => unknown)(v as string, c.type);
    }
  }
  return r;
}

/** Opens PGlite on `dataDir` in a new worker thread; rejects with PGlite's error if it cannot. */
export async function openPgliteThread(dataDir: string): Promise<PgliteThread> {
  // execArgv: [] because the worker needs none of the process's flags (a TypeScript
  // loader, --input-type…), and some are refused in a worker.
  const worker = new Worker(workerUrl, { execArgv: [], workerData: { dataDir, binaryArrayOids: [...BINARY_ARRAY_OIDS] } });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let closed = false;
  let failure: Error | undefined;

  const fail = (err: Error) => {
    failure ??= err;
    closed = true;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const opened = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    // Idle, the worker must not keep the process alive (an in-process PGlite does not);
    // with a request out, it must (nothing else may be holding the event loop open).
    if (pending.size === 0) worker.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(rebuild(m.error));
  });
  worker.on('error', (err) => fail(new Error(`the PGlite thread failed: ${err.message}`, { cause: err })));
  worker.on('exit', (code) => fail(new Error(`the PGlite thread exited (code ${code})`)));

  function call<T>(req: Request, transfer: ArrayBuffer[] = []): Promise<T> {
    if (closed) return Promise.reject(failure ?? new Error('PGlite is closed'));
    const id = nextId++;
    if (pending.size === 0) worker.ref();
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...req, id }, transfer);
    });
  }

  /** What the worker needs of the options: the row mode, and which types to leave as text for parseHere. */
  const wireOptions = (options?: QueryOptions) => ({ rowMode: options?.rowMode, rawOids: options?.parsers ? Object.keys(options.parsers).map(Number) : undefined });

  async function query<T>(tx: number | undefined, text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const transfer: ArrayBuffer[] = [];
    const r = await call<Results<T>>({ op: 'query', tx, text, params: outgoing(params, transfer), opts: wireOptions(options) }, transfer);
    return parseHere(r, options?.parsers, options?.rowMode);
  }
  async function exec(tx: number | undefined, script: string, options?: QueryOptions): Promise<Results[]> {
    const rs = await call<Results[]>({ op: 'exec', tx, script, opts: wireOptions(options) });
    return rs.map((r) => parseHere(r, options?.parsers, options?.rowMode));
  }

  async function transaction<T>(fn: (tx: PgliteTransaction) => Promise<T>): Promise<T> {
    const id = await call<number>({ op: 'begin' });
    let ended = false;
    const check = () => {
      if (ended) throw new Error('Transaction is closed');
    };
    const tx: PgliteTransaction = {
      query: async (text, params, options) => (check(), query(id, text, params, options)),
      exec: async (script, options) => (check(), exec(id, script, options)),
      rollback: async () => {
        check();
        await call({ op: 'rollback', tx: id });
      },
      get closed() {
        return ended;
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      ended = true;
      await call({ op: 'end', tx: id, commit: false }).catch(() => {});
      throw err;
    }
    ended = true;
    await call({ op: 'end', tx: id, commit: true });
    return result;
  }

  try {
    await opened;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  worker.unref();

  return {
    query: (text, params, options) => query(undefined, text, params, options),
    exec: (script, options) => exec(undefined, script, options),
    transaction,
    get closed() {
      return closed;
    },
    async close() {
      if (closed) return;
      await call({ op: 'close' });
      closed = true;
      failure ??= new Error('PGlite is closed');
      await worker.terminate();
    },
  };
}
