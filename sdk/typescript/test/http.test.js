// HTTPConnector's outcome table (the one of tape/connectors/http.py), against a real local HTTP
// server that answers by path, a port that refuses, a TLS server whose certificate nobody
// trusts, and a socket that takes the request and never answers; then tape-outbox-ts
// --register-http-connector against a real tape server.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { EffectSemantics, EffectStatus, HTTPConnector, TapeClient, redactUrl } from '../src/index.js';
import { REPO, currentEffect, pendingEffect, startServer } from './support.js';

const calls = [];
let upstream;
let base;
let tls;
let silent;
let refusedPort;

const ANSWERS = {
  '/ok': [200, { id: 'wire-1' }],
  '/created': [201, { external_ref: 'ref-9' }],
  '/dup': [409, { id: 'wire-0' }],
  '/bad': [400, { error: 'no such account' }],
  '/timeout': [408, {}],
  '/early': [425, {}],
  '/busy': [429, {}],
  '/boom': [500, {}],
  '/moved': [302, {}],
  '/partial': [206, {}],
};

function listen(server) {
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server.address().port)));
}

before(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      calls.push({ path: req.url, headers: req.headers, body });
      if (req.url === '/reset') return req.socket.destroy();
      if (req.url === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ id: 'e', auth: req.headers.authorization }));
      }
      const [status, reply] = ANSWERS[req.url] ?? [404, {}];
      const headers = { 'content-type': 'application/json' };
      if (req.url === '/busy') headers['retry-after'] = '2';
      res.writeHead(status, headers);
      res.end(JSON.stringify(reply));
    });
  });
  base = `http://127.0.0.1:${await listen(upstream)}`;
  // A self-signed certificate nobody was told to trust: the handshake fails before the request.
  const dir = mkdtempSync(join(tmpdir(), 'tape-ts-tls-'));
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
  assert.equal(made.status, 0, `openssl is needed for the TLS case: ${made.stderr}`);
  tls = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (req, res) => { calls.push({ path: `tls:${req.url}` }); res.end('{}'); });
  tls.port = await listen(tls);
  // Takes the connection and the request, never answers.
  silent = createTcpServer((socket) => socket.on('data', () => {}));
  silent.port = await listen(silent);
  const closed = createTcpServer();
  refusedPort = await listen(closed);
  await new Promise((ok) => closed.close(ok));
});

after(() => {
  upstream?.close();
  tls?.close();
  silent?.close();
});

// Not spawnSync: the upstream answers from this process's event loop, which must keep running.
async function cli(args) {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [join(REPO, 'sdk/typescript/bin/tape-outbox-ts.js'), ...args]);
    return { status: 0, stdout, stderr };
  } catch (err) {
    return { status: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let n = 0;
function effect(extra = {}) {
  n += 1;
  return {
    run_id: 'run-1',
    idempotency_key: `run-1/decision-0/wire/${n}`,
    business_key: `INV-${n}`,
    tool_name: 'wire',
    request_json: JSON.stringify({ amount: n }),
    dispatch_attempts: 1,
    ...extra,
  };
}

async function send(path, options = {}) {
  const connector = new HTTPConnector({ name: 'bank', endpoint: `${base}${path}`, ...options });
  return connector.dispatch(effect());
}

test('2xx success codes and 409 are confirmed, with the external ref from the body', async () => {
  assert.deepEqual(
    { ...(await send('/ok')), response: undefined },
    { outcome: 'confirmed', externalRef: 'wire-1', response: undefined },
  );
  assert.equal((await send('/created')).externalRef, 'ref-9');
  const dup = await send('/dup');
  assert.equal(dup.outcome, 'confirmed');
  assert.equal(dup.externalRef, 'wire-0');
});

test('the request: the effect\'s JSON, the Idempotency-Key and the X-Tape headers', async () => {
  const e = effect({ business_key: 'INV-ü\r\nX-Injected: 1', dispatch_attempts: 3 });
  await new HTTPConnector({ name: 'bank', endpoint: `${base}/ok` }).dispatch(e);
  const call = calls.at(-1);
  assert.equal(call.body, e.request_json);
  assert.equal(call.headers['content-type'], 'application/json');
  assert.equal(call.headers['idempotency-key'], e.idempotency_key);
  assert.equal(call.headers['x-tape-effect-key'], e.idempotency_key);
  assert.equal(call.headers['x-tape-run-id'], 'run-1');
  assert.equal(call.headers['x-tape-attempt'], '3');
  assert.equal(call.headers['x-tape-business-key'], 'INV-%C3%BC%0D%0AX-Injected:%201');
  assert.equal(call.headers['x-injected'], undefined);
});

test('4xx is failed: retryable only for 408, 425 and 429 (Retry-After honoured)', async () => {
  const bad = await send('/bad');
  assert.equal(bad.outcome, 'failed');
  assert.equal(bad.retryable, false);
  assert.equal(bad.error.status_code, 400);
  for (const path of ['/timeout', '/early', '/busy']) {
    const r = await send(path);
    assert.deepEqual([r.outcome, r.retryable], ['failed', true], path);
  }
  assert.equal((await send('/busy')).retryAfterMs, 2000);
  assert.equal((await send('/nowhere')).retryable, false); // 404
});

test('5xx, 3xx and other 2xx are unknown: the call may have landed', async () => {
  for (const path of ['/boom', '/moved', '/partial']) {
    assert.equal((await send(path)).outcome, 'unknown', path);
  }
});

test('refused and DNS failures never sent the request: failed and retryable', async () => {
  const refused = await new HTTPConnector({ name: 'bank', endpoint: `http://127.0.0.1:${refusedPort}/x` }).dispatch(effect());
  assert.deepEqual([refused.outcome, refused.retryable, refused.error.reason], ['failed', true, 'connection_refused']);
  const dns = await new HTTPConnector({ name: 'bank', endpoint: 'http://no-such-host.invalid/x', timeoutMs: 5000 }).dispatch(effect());
  assert.deepEqual([dns.outcome, dns.retryable], ['failed', true]);
  assert.ok(['dns', 'connect_timeout'].includes(dns.error.reason), dns.error.reason);
});

test('a TLS certificate nobody trusts: failed and retryable, nothing sent', async () => {
  const before = calls.length;
  const r = await new HTTPConnector({ name: 'bank', endpoint: `https://127.0.0.1:${tls.port}/x` }).dispatch(effect());
  assert.deepEqual([r.outcome, r.retryable, r.error.reason], ['failed', true, 'tls_verify']);
  assert.equal(calls.length, before);
});

test('no reply in time, or the connection reset after sending: unknown', async () => {
  const slow = await new HTTPConnector({ name: 'bank', endpoint: `http://127.0.0.1:${silent.port}/x`, timeoutMs: 300 }).dispatch(effect());
  assert.deepEqual([slow.outcome, slow.error.reason], ['unknown', 'read_timeout']);
  const reset = await send('/reset');
  assert.equal(reset.outcome, 'unknown');
});

test('secrets: userinfo, secret query values and static header values are never shown', async () => {
  assert.equal(redactUrl('https://alice:s3cret@bank.example/wire?api_key=k3y&x=1#f'),
    'https://***@bank.example/wire?api_key=***&x=1');
  const connector = new HTTPConnector({
    name: 'bank',
    endpoint: `http://alice:s3cret@127.0.0.1:${refusedPort}/x?token=t0ken`,
    headers: { Authorization: 'Bearer sekrit-token' },
  });
  const r = await connector.dispatch(effect());
  const shown = JSON.stringify(r) + JSON.stringify(connector) + inspect(connector);
  for (const secret of ['s3cret', 't0ken', 'sekrit-token']) assert.ok(!shown.includes(secret), shown);
  const echoed = await new HTTPConnector({
    name: 'bank', endpoint: `${base}/echo`, headers: { Authorization: 'Bearer sekrit-token' },
  }).dispatch(effect());
  assert.equal(echoed.outcome, 'confirmed');
  assert.ok(!JSON.stringify(echoed).includes('sekrit-token'));
  assert.throws(() => new HTTPConnector({ name: 'bank', endpoint: 'ftp://u:pw@h/x' }), /ftp:\/\/\*\*\*@h\/x/);
});

test('tape-outbox-ts --register-http-connector: a real dispatch, and usage errors exit 2', async () => {
  const server = await startServer();
  const client = new TapeClient(server.url);
  try {
    const ok = await pendingEffect(client, { connector: 'bank.http' });
    const boom = await pendingEffect(client, { connector: 'bank.boom', semantics: EffectSemantics.NON_IDEMPOTENT });
    const proc = await cli(['--url', server.url, '--once',
      '--register-http-connector', `bank.http=${base}/ok`, '--register-http-connector', `bank.boom=${base}/boom`]);
    assert.equal(proc.status, 0, String(proc.stderr));
    const found = await currentEffect(client, ok);
    assert.equal(found.status, EffectStatus.CONFIRMED);
    assert.equal(found.external_ref, 'wire-1');
    assert.equal((await currentEffect(client, boom)).status, EffectStatus.UNKNOWN);
    assert.equal(calls.filter((c) => c.headers?.['idempotency-key'] === ok.idempotency_key).length, 1);
    for (const spec of ['bank', '=http://alice:s3cret@h/x', 'bank=ftp://alice:s3cret@h/x', 'bank=not a url']) {
      const bad = await cli(['--url', server.url, '--once', '--register-http-connector', spec]);
      assert.equal(bad.status, 2, spec);
      assert.match(String(bad.stderr), /^tape-outbox-ts: error: --register-http-connector /);
      assert.ok(!String(bad.stderr).includes('s3cret'), String(bad.stderr));
    }
  } finally {
    client.close();
    await server.stop();
  }
});
