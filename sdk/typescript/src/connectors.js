// Connectors: what the outbox dispatcher calls to perform an effect once.
//
// A connector is an object { name, dispatch(effect) } whose dispatch returns (or resolves to)
//   { outcome: 'confirmed', externalRef?, response? }
//   { outcome: 'failed', error?, retryable? (default true), retryAfterMs? }
//   { outcome: 'unknown', error? }     the call may have landed: never re-sent blindly
// Throwing DefinitelyNotApplied means "safe to retry"; any other throw is treated as unknown
// for a NON_IDEMPOTENT effect (it may have landed) and as a retryable failure otherwise.

import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, fsyncSync, openSync } from 'node:fs';

export class ConnectorRegistry {
  constructor() {
    /** @type {Map<string, {name: string, dispatch: Function}>} */
    this.connectors = new Map();
  }

  /**
   * @param {string} name
   * @param {{dispatch: Function}} connector
   */
  register(name, connector) {
    if (typeof name !== 'string' || !name.trim()) throw new TypeError('connector name required');
    if (!connector || typeof connector.dispatch !== 'function') {
      throw new TypeError(`connector ${name} needs a dispatch(effect) method`);
    }
    this.connectors.set(name, connector);
    return connector;
  }

  /** @param {string} name */
  get(name) {
    return this.connectors.get(name);
  }

  names() {
    return [...this.connectors.keys()].sort();
  }
}

/** The process-wide registry: `--load`ed modules call CONNECTORS.register(...). */
export const CONNECTORS = new ConnectorRegistry();

function parse(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Appends one JSON line per dispatch (the same lines as tape's Python LogConnector). */
export class LogConnector {
  /** @param {string} [path] */
  constructor(path = '/tmp/tape-outbox.jsonl', name = 'log') {
    this.path = path;
    this.name = name;
  }

  dispatch(effect) {
    const line = {
      ts_ms: Date.now(),
      run_id: effect.run_id,
      idempotency_key: effect.idempotency_key,
      tool_name: effect.tool_name,
      business_key: effect.business_key,
      request: parse(effect.request_json),
    };
    const fd = openSync(this.path, 'a');
    try {
      appendFileSync(fd, `${JSON.stringify(line)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const sha = createHash('sha1').update(effect.idempotency_key).digest('hex').slice(0, 12);
    return { outcome: 'confirmed', externalRef: `log-${sha}`, response: { path: this.path } };
  }
}

// The HTTP connector lives in its own module; it is a connector like the two above.
export { HTTPConnector, httpConnectorFromSpec, redactUrl } from './http.js';
