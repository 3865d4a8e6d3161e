// TapeClient: the tape.v1.Tape service at tape://host:port (tapes:// for TLS), one promise-
// returning method per RPC, loaded from the same proto/tape/v1/tape.proto the server serves.
//
// Field names are the proto's (snake_case); int64 values are JS numbers; enums are numbers.
// A failed call rejects with a TapeError whose `name` is the tape.errors class the server
// named (RunNotFound, InvalidArgument, ...) and whose `code` is the gRPC status code.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { OutboxConfigError, TapeError } from './errors.js';

const PROTO = process.env.TAPE_PROTO ||
  fileURLToPath(new URL('../../../proto/tape/v1/tape.proto', import.meta.url));

export const DEFAULT_URL = 'tape://localhost:7878';

/** Enum values of tape.v1 (as stored in the journal). */
export const EffectStatus = Object.freeze({ PENDING: 1, CONFIRMED: 2, FAILED: 3, UNKNOWN: 4 });
export const EffectSemantics = Object.freeze({ IDEMPOTENT: 1, NON_IDEMPOTENT: 2, OBSERVE_ONLY: 3 });
export const DispatchMode = Object.freeze({ INLINE: 1, OUTBOX: 2 });
export const EffectResolution = Object.freeze({
  CONFIRMED: 1, FAILED: 2, ABSENT: 3, DUPLICATE: 4, STUCK: 5,
});

let cachedService = null;

function service() {
  if (cachedService === null) {
    const definition = protoLoader.loadSync(PROTO, {
      keepCase: true, longs: Number, defaults: true, oneofs: false,
    });
    cachedService = grpc.loadPackageDefinition(definition).tape.v1.Tape;
  }
  return cachedService;
}

/**
 * Parse tape://host:port or tapes://host[:port].
 * @param {string} url
 * @returns {{target: string, tls: boolean}}
 */
export function parseUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !['tape:', 'tapes:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new OutboxConfigError(
      `--url must be a tape server URL like tape://host:7878 (or tapes://host), not ${JSON.stringify(url)}`,
    );
  }
  const tls = parsed.protocol === 'tapes:';
  return { target: `${parsed.hostname}:${parsed.port || (tls ? 443 : 7878)}`, tls };
}

export class TapeClient {
  /**
   * @param {string} [url] tape://host:port; defaults to $TAPE_URL, then tape://localhost:7878
   * @param {{token?: string, rootCerts?: Buffer, timeoutMs?: number}} [options]
   */
  constructor(url = process.env.TAPE_URL || DEFAULT_URL, options = {}) {
    const { target, tls } = parseUrl(url);
    this.url = url;
    const token = options.token ?? process.env.TAPE_TOKEN ?? '';
    this.timeoutMs = options.timeoutMs ?? 60_000;
    let roots = options.rootCerts;
    if (!roots && process.env.TAPE_TLS_CA) roots = readFileSync(process.env.TAPE_TLS_CA);
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
