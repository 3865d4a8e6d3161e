// TapeClient: the tape.v1.Tape service at tape://host:port (tapes:// for TLS), one promise-
// returning method per RPC, loaded from the copy of tape.proto this package ships in proto/
// (byte-identical to the repository's proto/tape/v1/tape.proto: tests/integration/
// test_proto_stubs.py fails while they differ, and `make proto` refreshes it). It is found
// relative to this file, so the package works from any folder and after `npm pack`.
//
// Field names are the proto's (snake_case); int64 values are JS numbers; enums are numbers.
// A failed call rejects with a TapeError whose `name` is the tape.errors class the server
// named (RunNotFound, InvalidArgument, ...) and whose `code` is the gRPC status code.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { ConfigurationError, TapeError } from './errors.js';

/** The service definition this package ships (TAPE_PROTO overrides it). */
export const PROTO_PATH = fileURLToPath(new URL('../proto/tape/v1/tape.proto', import.meta.url));

export const DEFAULT_URL = 'tape://localhost:7878';

/** Enum values of tape.v1 (as stored in the journal). */
export const EffectStatus = Object.freeze({ PENDING: 1, CONFIRMED: 2, FAILED: 3, UNKNOWN: 4 });
export const EffectSemantics = Object.freeze({ IDEMPOTENT: 1, NON_IDEMPOTENT: 2, OBSERVE_ONLY: 3 });
export const DispatchMode = Object.freeze({ INLINE: 1, OUTBOX: 2 });
export const EffectResolution = Object.freeze({
  CONFIRMED: 1, FAILED: 2, ABSENT: 3, DUPLICATE: 4, STUCK: 5,
});

/** @type {Map<string, any>} one loaded service per proto file */
const services = new Map();

function service() {
  const path = process.env.TAPE_PROTO || PROTO_PATH;
  if (!services.has(path)) {
    let definition;
    try {
      definition = protoLoader.loadSync(path, {
        keepCase: true, longs: Number, defaults: true, oneofs: false,
      });
    } catch (err) {
      const source = process.env.TAPE_PROTO ? 'TAPE_PROTO names' : 'the package ships';
      throw new ConfigurationError(
        `TapeClient: cannot load the tape.v1 service definition ${source} (${path}): ${err.message}`,
      );
    }
    services.set(path, grpc.loadPackageDefinition(definition).tape.v1.Tape);
  }
  return services.get(path);
}

/** A URL as it may be shown: the userinfo (user:password@) replaced by ***@. */
function shown(url) {
  return JSON.stringify(url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@'));
}

/**
 * Parse tape://host:port or tapes://host[:port].
 * @param {string} url
 * @param {string} [option] how the caller names the setting in errors (e.g. "--url")
 * @returns {{target: string, tls: boolean}}
 * @throws {ConfigurationError} naming `option` and what it expects
 */
export function parseUrl(url, option = 'url') {
  const expected = `${option} must be tape://host:port (or tapes://host[:port] for TLS)`;
  if (typeof url !== 'string') {
    const what = url === null ? 'null' : Array.isArray(url) ? 'an array' : `a ${typeof url}`;
    throw new ConfigurationError(`${expected}, not ${what}`);
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !['tape:', 'tapes:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new ConfigurationError(`${expected}, not ${shown(url)}`);
  }
  const tls = parsed.protocol === 'tapes:';
  return { target: `${parsed.hostname}:${parsed.port || (tls ? 443 : 7878)}`, tls };
}

/**
 * The options of `new TapeClient(...)`. Every one is optional.
 * @typedef {object} TapeClientOptions
 * @property {string} [url] the tape server: tape://host:port (plaintext) or tapes://host[:port]
 *   (TLS, port 443 by default). Default: $TAPE_URL, then tape://localhost:7878.
 * @property {string} [token] the bearer token the server asks for (`tape server --token`).
 *   Default: $TAPE_TOKEN; none when that is unset.
 * @property {Buffer|string} [rootCerts] PEM of the CA that signed the server's certificate
 *   (tapes:// only). Default: the file $TAPE_TLS_CA names, else the system's roots.
 * @property {number} [timeoutMs] deadline of each call, in milliseconds (default 60000).
 */

const OPTIONS = ['url', 'token', 'rootCerts', 'timeoutMs'];

/**
 * Both call forms as one options object, every value checked.
 * @param {unknown} first
 * @param {unknown} second
 * @returns {TapeClientOptions}
 */
function clientOptions(first, second) {
  const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
  let options;
  if (isObject(first)) {
    if (second !== undefined) {
      throw new ConfigurationError(
        'TapeClient: pass new TapeClient({url, ...options}) or new TapeClient(url, options), not an object and options',
      );
    }
    options = { ...first };
  } else {
    if (second !== undefined && !isObject(second)) {
      throw new ConfigurationError('TapeClient: options must be an object like {token, timeoutMs}');
    }
    if (second && 'url' in second) {
      throw new ConfigurationError('TapeClient: url given twice (as the first argument and in options)');
    }
    options = { ...(second ?? {}) };
    if (first !== undefined) options.url = first;
  }
  const unknown = Object.keys(options).filter((key) => !OPTIONS.includes(key));
  if (unknown.length) {
    throw new ConfigurationError(
      `TapeClient: unknown option ${unknown.map((k) => JSON.stringify(k)).join(', ')} (known: ${OPTIONS.join(', ')})`,
    );
  }
  if (options.url === undefined) options.url = process.env.TAPE_URL || DEFAULT_URL;
  if (options.token !== undefined && typeof options.token !== 'string') {
    throw new ConfigurationError('TapeClient: token must be a string (the bearer token tape server asks for)');
  }
  if (options.rootCerts !== undefined && !Buffer.isBuffer(options.rootCerts) && typeof options.rootCerts !== 'string') {
    throw new ConfigurationError('TapeClient: rootCerts must be a Buffer or string of PEM certificates');
  }
  const timeout = options.timeoutMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
    throw new ConfigurationError(`TapeClient: timeoutMs must be a positive integer of milliseconds, not ${JSON.stringify(timeout)}`);
  }
  return options;
}

export class TapeClient {
  /**
   * A client of `tape server`. Two forms, the same options:
   *
   *     new TapeClient({ url: 'tape://localhost:7878', token, timeoutMs })
   *     new TapeClient('tape://localhost:7878', { token, timeoutMs })
   *
   * No connection is made here: the first call connects. A wrong option throws
   * ConfigurationError naming the option and what it expects.
   * @param {string | TapeClientOptions} [urlOrOptions] the server URL, or every option
   * @param {Omit<TapeClientOptions, 'url'>} [options] the other options (with a URL first)
   * @throws {ConfigurationError}
   */
  constructor(urlOrOptions, options) {
    const o = clientOptions(urlOrOptions, options);
    const { target, tls } = parseUrl(o.url, 'TapeClient: url');
    this.url = o.url;
    const token = o.token ?? process.env.TAPE_TOKEN ?? '';
    this.timeoutMs = o.timeoutMs ?? 60_000;
    let roots = o.rootCerts === undefined ? undefined : Buffer.from(o.rootCerts);
    if (!roots && tls && process.env.TAPE_TLS_CA) {
      try {
        roots = readFileSync(process.env.TAPE_TLS_CA);
      } catch (err) {
        throw new ConfigurationError(
          `TapeClient: TAPE_TLS_CA names a file that cannot be read (${process.env.TAPE_TLS_CA}): ${err.code || err.message}`,
        );
      }
    }
    const credentials = tls ? grpc.credentials.createSsl(roots) : grpc.credentials.createInsecure();
    const Service = service();
    this.stub = new Service(target, credentials);
    this.metadata = new grpc.Metadata();
    if (token) this.metadata.set('authorization', `Bearer ${token}`);
    for (const name of Object.keys(Service.service)) {
      const method = Service.service[name];
      if (method.responseStream) continue;
      const lower = name.charAt(0).toLowerCase() + name.slice(1);
      this[lower] = (request = {}) => this.call(name, request);
    }
  }

  /**
   * One unary call.
   * @param {string} rpc e.g. "BeginEffect"
   * @param {object} request the request message (snake_case fields)
   * @returns {Promise<any>}
   */
  call(rpc, request) {
    const deadline = new Date(Date.now() + this.timeoutMs);
    return new Promise((resolve, reject) => {
      this.stub[rpc](request, this.metadata, { deadline }, (err, response) => {
        if (err) reject(toTapeError(rpc, err));
        else resolve(response);
      });
    });
  }

  close() {
    this.stub.close();
  }
}

function toTapeError(rpc, err) {
  const named = err.metadata?.get('tape-error')?.[0];
  const message = named ? err.details : `${rpc}: ${err.details || err.message}`;
  return new TapeError(String(message), {
    code: err.code,
    tapeError: named ? String(named) : grpcName(err.code),
  });
}

function grpcName(code) {
  if (code === grpc.status.UNAUTHENTICATED) return 'Unauthenticated';
  if (code === grpc.status.UNAVAILABLE || code === grpc.status.DEADLINE_EXCEEDED) {
    return 'ServerUnavailable';
  }
  return 'RemoteError';
}
