// HTTPConnector: POSTs each effect to one URL, with the outcome table of tape's Python
// connector (tape/connectors/http.py, docs/design.md decision 10):
//
//   reply in successCodes (200, 201, 202, 204)   confirmed  externalRef from body "external_ref"/"id"
//   reply == duplicateCode (409)                 confirmed  an idempotency conflict: it landed
//   other 4xx                                    failed     retryable only for 408, 425, 429
//   5xx, 1xx, 3xx, other 2xx                     unknown    it may have landed
//   connect refused / DNS / connect timeout /    failed     retryable: the request never left
//     TLS certificate rejected
//   read timeout, reset, protocol error          unknown    sent; the reply was lost
//
// "Before send" is told by the socket: until it has connected (and, for https, finished the
// TLS handshake) no byte of the request can have reached the upstream.
//
// Secrets: static header values are sent, never returned or put in an error; errors name the
// URL with its userinfo and secret-looking query parameters replaced by ***.

import http from 'node:http';
import https from 'node:https';

const RETRYABLE_4XX = new Set([408, 425, 429]);
const JSON_LIMIT = 64 * 1024;
const TEXT_LIMIT = 2000;
const REDACTED = '***';

// The names tape.redaction.is_secret_name calls secret, in short (docs/security.md).
const EXACT = new Set(['key', 'sig', 'pass', 'pwd', 'pw', 'jwt', 'auth', 'otp', 'session', 'code']);
const WORDS = new Set(['auth', 'pw', 'pwd', 'pass', 'passwd', 'jwt', 'otp']);
const PARTS = ['token', 'secret', 'password', 'passwd', 'passphrase', 'credential', 'apikey',
  'privatekey', 'accesskey', 'sshkey', 'secretkey', 'signingkey', 'sessionkey', 'cookie',
  'authorization', 'signature', 'bearer'];
const NOT_SECRET = new Set(['sessionid', 'idempotencykey', 'businesskey', 'effectkey']);

function secretName(name) {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const joined = words.join('');
  if (!joined || NOT_SECRET.has(joined)) return false;
  if (EXACT.has(joined) || words.some((w) => WORDS.has(w))) return true;
  return PARTS.some((part) => joined.includes(part));
}

/**
 * `url` safe to show: userinfo becomes `***@`, secret-looking query values `***`, no fragment.
 * @param {string} url
 */
export function redactUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can parse: hide everything up to the last "@" of the authority.
    return String(url).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, `$1${REDACTED}@`);
  }
  const userinfo = parsed.username || parsed.password ? `${REDACTED}@` : '';
  const query = [...parsed.searchParams].map(([k, v]) =>
    `${encodeURIComponent(k)}=${secretName(k) ? REDACTED : encodeURIComponent(v)}`).join('&');
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query ? `?${query}` : ''}`;
}

// Header values are latin-1 without control characters; anything else (a unicode business
// key, an injected CR/LF) is percent-encoded rather than failing the dispatch (as Python does).
function headerValue(value) {
  const text = String(value ?? '');
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return [...text].map((c) => (/[\x21-\x7e]/.test(c) && c !== '%' ? c : encodeURIComponent(c)
    .replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`))).join('');
}

function retryAfterMs(value) {
  const text = String(value ?? '').trim();
  if (!text) return 0;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : (Date.parse(text) - Date.now()) / 1000;
  if (!Number.isFinite(seconds)) return 0;
  return Math.round(Math.max(0, Math.min(seconds, 3600)) * 1000);
}

/** Why a request that never connected failed: the reason Python's connector gives. */
function notSentReason(err) {
  if (err.code === 'ECONNREFUSED') return 'connection_refused';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return 'dns';
  if (String(err.code || '').startsWith('ERR_TLS') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(err.code || '')) {
    return 'tls_verify';
  }
  return 'connect_failed';
}

export class HTTPConnector {
  /**
   * @param {{name: string, endpoint: string, headers?: Record<string, string>,
   *          timeoutMs?: number, successCodes?: number[], duplicateCode?: number,
   *          ca?: string | Buffer}} options
   */
  constructor(options) {
    const o = { headers: {}, timeoutMs: 10_000, successCodes: [200, 201, 202, 204], duplicateCode: 409, ...options };
    if (typeof o.name !== 'string' || !o.name.trim()) throw new TypeError('HTTPConnector needs a name');
    if (typeof o.endpoint !== 'string' || !o.endpoint) throw new TypeError(`HTTPConnector ${o.name} needs an endpoint`);
    let url;
    try {
      url = new URL(o.endpoint);
    } catch {
      throw new TypeError(`HTTPConnector ${o.name}: endpoint is not a URL: ${redactUrls(o.endpoint)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`HTTPConnector ${o.name}: endpoint must be http:// or https://, not ${redactUrl(o.endpoint)}`);
    }
    if (!Number.isFinite(o.timeoutMs) || o.timeoutMs <= 0) throw new TypeError(`HTTPConnector ${o.name}: timeoutMs must be > 0`);
    this.name = o.name;
    this.endpoint = o.endpoint;
    this.timeoutMs = o.timeoutMs;
    this.successCodes = new Set(o.successCodes.map(Number));
    this.duplicateCode = o.duplicateCode;
    this.ca = o.ca;
    // Not enumerable: JSON.stringify / util.inspect of the connector never show the values.
    Object.defineProperty(this, 'headers', { value: { ...o.headers }, enumerable: false });
    Object.defineProperty(this, 'url', { value: url, enumerable: false });
  }

  toJSON() {
    return { name: this.name, endpoint: redactUrl(this.endpoint), headers: Object.keys(this.headers).sort() };
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `HTTPConnector ${JSON.stringify(this.toJSON())}`;
  }

  /** POST `effect.request_json` once; resolves to the outcome (never rejects). */
  dispatch(effect) {
    const key = effect.idempotency_key;
    const body = Buffer.from(effect.request_json || '{}', 'utf8');
    const headers = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...this.headers,
      'Idempotency-Key': headerValue(key),
      'X-Tape-Run-Id': headerValue(effect.run_id),
      'X-Tape-Effect-Key': headerValue(key),
      'X-Tape-Business-Key': headerValue(effect.business_key),
      'X-Tape-Attempt': String(effect.dispatch_attempts ?? 0),
      'Content-Length': String(body.length),
    };
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      let settled = false;
      let sent = false; // the socket connected (and the TLS handshake finished): bytes may land
      const finish = (result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const fail = (err, reason) => {
        const message = this.scrub(String(err?.message ?? err));
        const error = { type: err?.code || err?.name || 'Error', message, reason, url: redactUrl(this.endpoint) };
        if (sent) return finish({ outcome: 'unknown', error: { ...error, classification: 'OutcomeUnknown' } });
        return finish({ outcome: 'failed', retryable: true, error: { ...error, classification: 'DefinitelyNotApplied', retryable: true } });
      };
      const options = { method: 'POST', headers, agent: false, ...(this.ca ? { ca: this.ca } : {}) };
      const req = transport.request(this.url, options, (res) => {
        const chunks = [];
        let size = 0;
        res.on('data', (chunk) => {
          size += chunk.length;
          if (size <= JSON_LIMIT) chunks.push(chunk);
        });
        res.on('error', (err) => fail(err, 'protocol_error'));
        res.on('close', () => {
          if (!res.complete) fail(new Error('the reply was cut short'), 'connection_reset');
        });
        res.on('end', () => finish(this.classify(res, size <= JSON_LIMIT ? Buffer.concat(chunks) : Buffer.concat(chunks).subarray(0, TEXT_LIMIT))));
      });
      const timer = setTimeout(() => {
        fail(new Error(`no reply within ${this.timeoutMs} ms`), sent ? 'read_timeout' : 'connect_timeout');
        req.destroy();
      }, this.timeoutMs);
      // agent: false gives every request a fresh socket, so "connected" is this request's.
      req.on('socket', (socket) => {
        socket.once(this.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => { sent = true; });
      });
      req.on('error', (err) => fail(err, sent ? (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'connection_reset' : 'protocol_error') : notSentReason(err)));
      req.end(body);
    });
  }

  /** The outcome of a reply. */
  classify(res, content) {
    const code = res.statusCode;
    const { response, externalRef } = this.body(code, content);
    if (this.successCodes.has(code) || code === this.duplicateCode) {
      return { outcome: 'confirmed', externalRef, response };
    }
    const error = { type: 'HTTPError', status_code: code, message: `HTTP ${code}` };
    if (code >= 400 && code < 500) {
      const retryable = RETRYABLE_4XX.has(code);
      const retryAfter = retryable ? retryAfterMs(res.headers['retry-after']) : 0;
      return { outcome: 'failed', retryable, error: { ...error, retryable }, response, ...(retryAfter ? { retryAfterMs: retryAfter } : {}) };
    }
    return { outcome: 'unknown', error, response };
  }

  body(code, content) {
    let parsed;
    if (content.length) {
      try {
        parsed = JSON.parse(content.toString('utf8'));
      } catch {
        parsed = undefined;
      }
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const response = JSON.parse(this.scrub(JSON.stringify(parsed)));
      const ref = response.external_ref || response.id || '';
      return { response, externalRef: typeof ref === 'string' || typeof ref === 'number' ? String(ref) : '' };
    }
    if (parsed !== undefined) return { response: { status_code: code, json: parsed }, externalRef: '' };
    return { response: { status_code: code, text: this.scrub(content.subarray(0, TEXT_LIMIT).toString('utf8')) }, externalRef: '' };
  }

  // Static header values (a token) never come back in a reply we journal or an error.
  scrub(text) {
    let out = String(text);
    for (const value of Object.values(this.headers)) {
      if (typeof value === 'string' && value.length >= 4) out = out.split(value).join(REDACTED);
    }
    const { username, password } = this.url;
    for (const value of [username, password, decodeURIComponent(password || '')]) {
      if (value && value.length >= 3) out = out.split(value).join(REDACTED);
    }
    return redactUrls(out);
  }
}

/**
 * Parse one `NAME=URL` of `--register-http-connector` into an HTTPConnector; throws TypeError
 * with a message that never shows the URL's userinfo.
 * @param {string} spec
 */
export function httpConnectorFromSpec(spec) {
  const text = String(spec);
  const at = text.indexOf('=');
  const name = at > 0 ? text.slice(0, at).trim() : '';
  const url = at > 0 ? text.slice(at + 1).trim() : '';
  if (!name || !url) {
    throw new TypeError(`--register-http-connector takes NAME=URL, not ${JSON.stringify(redactUrls(text))}`);
  }
  try {
    return new HTTPConnector({ name, endpoint: url });
  } catch (err) {
    throw new TypeError(`--register-http-connector ${err.message}`);
  }
}

/** `text` with every URL in it passed through redactUrl. */
export function redactUrls(text) {
  return String(text).replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi, (found) => redactUrl(found));
}
