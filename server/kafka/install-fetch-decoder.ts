// Puts our Fetch response decoder (fetch-response-decoder.ts) in place of kafkajs's, for
// every caller in the process: the consumer (the collector's eachBatch), broker.fetch
// (record-reader.ts, group-reader.ts) and anything else built on kafkajs. kafkajs's
// requests/fetch/index.js require()s `./v{n}/response` when it builds each request and
// calls that module's `decode`, so replacing `decode` on the cached module objects
// reaches them all. `parse` (per-partition errors) stays kafkajs's.
import { createRequire } from 'node:module';
import { DECODED_FETCH_VERSIONS, decodeFetchResponse } from './fetch-response-decoder';
import { KafkajsInternalsChangedError } from './kafka-errors';

const EXPECTED_KAFKAJS = '2.2.4';
/** The highest Fetch version kafkajs 2.2.4 asks for; a kafkajs that asks more would get answers we do not decode. */
const HIGHEST_FETCH_VERSION = 11;

type Decode = (raw: Buffer) => Promise<unknown>;
/** Ours carries the kafkajs decoder it replaced: the module (in Node's require cache) can outlive this file's module state. */
type OurDecode = Decode & { replaced: Decode };
interface ResponseModule {
  decode: Decode | OurDecode;
  parse: (data: unknown) => Promise<unknown>;
}

const requireKafkajs = createRequire(import.meta.url);
/** kafkajs's own decoders by Fetch version, as they were before installing: for tests and the micro-benchmark. */
export const kafkajsFetchDecoders = new Map<number, Decode>();

function responseModule(version: number): ResponseModule {
  const mod = requireKafkajs(`kafkajs/src/protocol/requests/fetch/v${version}/response.js`) as Partial<ResponseModule>;
  if (typeof mod?.decode !== 'function' || typeof mod.parse !== 'function') {
    throw new KafkajsInternalsChangedError(`requests/fetch/v${version}/response.js no longer exports { decode, parse }`);
  }
  return mod as ResponseModule;
}

function checkKafkajsShape(): void {
  const { version } = requireKafkajs('kafkajs/package.json') as { version: string };
  if (version !== EXPECTED_KAFKAJS) throw new KafkajsInternalsChangedError(`kafkajs ${version} is installed, ${EXPECTED_KAFKAJS} expected`);
  const fetch = requireKafkajs('kafkajs/src/protocol/requests/fetch/index.js') as { versions?: string[]; protocol?: unknown };
  const highest = Math.max(...(fetch.versions ?? []).map(Number));
  if (typeof fetch.protocol !== 'function' || highest !== HIGHEST_FETCH_VERSION) {
    throw new KafkajsInternalsChangedError(`requests/fetch/index.js offers Fetch up to v${highest}, v${HIGHEST_FETCH_VERSION} expected`);
  }
}

/** Idempotent. Throws KafkajsInternalsChangedError, changing nothing, when kafkajs is not the expected 2.2.4. */
export function installFetchDecoder(): void {
  checkKafkajsShape();
  const modules = DECODED_FETCH_VERSIONS.map((v) => [v, responseModule(v)] as const);
  for (const [version, mod] of modules) {
    if ('replaced' in mod.decode) {
      kafkajsFetchDecoders.set(version, mod.decode.replaced);
      continue;
    }
    kafkajsFetchDecoders.set(version, mod.decode);
    mod.decode = Object.assign((raw: Buffer) => decodeFetchResponse(version, raw), { replaced: mod.decode });
  }
}
