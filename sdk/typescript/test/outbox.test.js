// The TypeScript dispatcher against a real `tape server` (a subprocess on a free port over a
// fresh SQLite journal): confirmed, failed with backoff, unknown never retried, the
// construction rules, and two dispatchers racing one effect.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  ConnectorRegistry, DispatchMode, EffectSemantics, EffectStatus, OutboxConfigError,
  OutboxDispatcher, TapeClient, outboxTool,
} from '../src/index.js';

const REPO = resolve(import.meta.dirname, '../../..');
const PYTHON = process.env.TAPE_PYTHON || join(REPO, '.venv/bin/python');

let server;
let url;
let client;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tape-ts-'));
  const database = `sqlite:///${join(dir, 'tape.db')}`;
  const migrate = spawnSync(PYTHON, ['-m', 'tape', 'migrate', '--database-url', database], { cwd: REPO });
  assert.equal(migrate.status, 0, String(migrate.stderr));
  server = spawn(PYTHON, ['-m', 'tape', 'server', '--listen', '127.0.0.1:0', '--database-url', database], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise((ok, fail) => {
    let log = '';
    const onData = (chunk) => {
      log += chunk;
      const found = log.match(/listening on (tape:\/\/127\.0\.0\.1:\d+)/);
      if (found) ok(found[1]);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => fail(new Error(`tape server exited ${code}: ${log}`)));
  });
  client = new TapeClient(url);
});

after(async () => {
  client?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((ok) => server.on('exit', ok));
    server.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});

async function pendingEffect({ connector, semantics = EffectSemantics.NON_IDEMPOTENT }) {
  const run = await client.beginRun({
    app_name: 'ts', user_id: 'u', session_id: 's', invocation_id: randomUUID(), lease_owner: 'ts-test',
  });
  const begun = await client.beginEffect({
    run_id: run.run_id,
    decision_index: 0,
    tool_name: 'wire_money',
    request_json: JSON.stringify({ amount: 100 }),
    semantics,
    dispatch_mode: DispatchMode.OUTBOX,
    connector,
  });
  assert.equal(begun.status, EffectStatus.PENDING);
  return begun.effect;
}

async function current(effect) {
  const found = await client.getEffect({ run_id: effect.run_id, idempotency_key: effect.idempotency_key });
  assert.ok(found.found);
  return found.effect;
}

function counting(answer) {
  const connector = { calls: 0, dispatch(effect) { connector.calls += 1; return answer(effect); } };
  return connector;
}

function dispatcherFor(name, connector, options = {}) {
  const registry = new ConnectorRegistry();
  registry.register(name, connector);
  return new OutboxDispatcher({ client, registry, connector: name, claimer: `ts-${name}`, ...options });
}

test('confirmed: the connector is called once and the effect is CONFIRMED', async () => {
  const name = `bank-${randomUUID()}`;
  const connector = counting(() => ({ outcome: 'confirmed', externalRef: 'wire-1', response: { ok: true } }));
  const effect = await pendingEffect({ connector: name });
  const results = await dispatcherFor(name, connector).runOnce();
  assert.deepEqual(results.map((r) => r.result), ['confirmed']);
  const now = await current(effect);
  assert.equal(now.status, EffectStatus.CONFIRMED);
  assert.equal(now.external_ref, 'wire-1');
  assert.equal(JSON.parse(now.response_json).ok, true);
  assert.equal(connector.calls, 1);
  await dispatcherFor(name, connector).runOnce();
  assert.equal(connector.calls, 1, 'a confirmed effect is never dispatched again');
});

test('failed: retried after backoff, FAILED for good once max attempts are used', async () => {
  const name = `flaky-${randomUUID()}`;
  const connector = counting(() => ({ outcome: 'failed', error: { message: 'bank said 503' } }));
  const effect = await pendingEffect({ connector: name, semantics: EffectSemantics.IDEMPOTENT });
  const before = Date.now();
  const [first] = await dispatcherFor(name, connector, { maxAttempts: 2 }).runOnce();
  const afterPass = Date.now();
  assert.equal(first.result, 'retry-scheduled');
  let now = await current(effect);
  assert.equal(now.status, EffectStatus.PENDING);
  assert.equal(now.dispatch_attempts, 1);
  assert.ok(now.next_dispatch_at_ms >= before + 1000 && now.next_dispatch_at_ms <= afterPass + 1000);
  assert.match(now.last_dispatch_error, /bank said 503/);
  // Not due yet: the next pass leaves it alone.
  assert.deepEqual(await dispatcherFor(name, connector, { maxAttempts: 2 }).runOnce(), []);
  assert.equal(connector.calls, 1);

  const once = await pendingEffect({ connector: name, semantics: EffectSemantics.IDEMPOTENT });
  const [last] = await dispatcherFor(name, connector, { maxAttempts: 1 }).runOnce();
  assert.equal(last.result, 'failed');
  now = await current(once);
  assert.equal(now.status, EffectStatus.FAILED);
  assert.equal(JSON.parse(now.error_json).final, true);
});

test('unknown: a non-idempotent unknown becomes UNKNOWN and is never retried', async () => {
  const name = `lossy-${randomUUID()}`;
  const connector = counting(() => ({ outcome: 'unknown' }));
  const effect = await pendingEffect({ connector: name });
  const [result] = await dispatcherFor(name, connector).runOnce();
  assert.equal(result.result, 'unknown');
  assert.equal((await current(effect)).status, EffectStatus.UNKNOWN);
  await dispatcherFor(name, connector).runOnce();
  assert.equal(connector.calls, 1, 'an UNKNOWN effect is the reconciler\'s, never re-sent');

  const thrower = counting(() => { throw new Error('socket closed mid-response'); });
  const thrown = await pendingEffect({ connector: `${name}-raise` });
  await dispatcherFor(`${name}-raise`, thrower).runOnce();
  assert.equal((await current(thrown)).status, EffectStatus.UNKNOWN);
});

test('two dispatchers racing one effect: exactly one calls the upstream', async () => {
  const name = `race-${randomUUID()}`;
  const connector = counting(() => ({ outcome: 'confirmed', externalRef: 'x' }));
  const effect = await pendingEffect({ connector: name });
  const passes = await Promise.all([1, 2, 3, 4].map(() => dispatcherFor(name, connector).runOnce()));
  assert.equal(connector.calls, 1);
  assert.equal(passes.flat().filter((r) => r.result === 'confirmed').length, 1);
  assert.equal((await current(effect)).status, EffectStatus.CONFIRMED);
});

test('OutboxConfigError at construction, before anything is sent', () => {
  assert.throws(() => outboxTool({ name: 'wire', connector: 'bank', semantics: 'non_idempotent' }), OutboxConfigError);
  assert.throws(() => outboxTool({ name: 'wire', connector: '', semantics: 'idempotent' }), OutboxConfigError);
  assert.throws(() => outboxTool({ name: 'wire', connector: 'bank', semantics: 'exactly_once' }), OutboxConfigError);
  assert.throws(() => outboxTool({ name: 'wire', connector: 'bank', maxAttempts: -1 }), OutboxConfigError);
  assert.ok(outboxTool({ name: 'wire', connector: 'bank', semantics: 'non_idempotent', businessKey: (p) => p.id }));
  assert.ok(outboxTool({ name: 'wire', connector: 'bank', semantics: 'non_idempotent', humanGate: true }));
  assert.throws(() => new OutboxDispatcher({ client, maxAttempts: 0 }), OutboxConfigError);
  assert.throws(() => new OutboxDispatcher({ client, intervalMs: 0 }), OutboxConfigError);
  assert.throws(() => new OutboxDispatcher({ url: 'http://localhost:7878' }), OutboxConfigError);
});

test('tape-outbox-ts --once with the LogConnector', () => {
  const log = join(mkdtempSync(join(tmpdir(), 'tape-ts-log-')), 'out.jsonl');
  const cli = join(REPO, 'sdk/typescript/bin/tape-outbox-ts.js');
  return pendingEffect({ connector: 'log' }).then(async (effect) => {
    const proc = spawnSync('node', [cli, '--url', url, '--once', '--register-log-connector', '--log-connector-path', log]);
    assert.equal(proc.status, 0, String(proc.stderr));
    const results = JSON.parse(String(proc.stdout).trim().split('\n').pop()).outbox;
    assert.ok(results.some((r) => r.idempotency_key === effect.idempotency_key && r.result === 'confirmed'));
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.idempotency_key), [effect.idempotency_key]);
    assert.equal((await current(effect)).status, EffectStatus.CONFIRMED);
    const bad = spawnSync('node', [cli, '--url', url, '--max-attempts', 'many', '--once']);
    assert.equal(bad.status, 2);
    assert.match(String(bad.stderr), /--max-attempts must be an integer/);
  });
});
