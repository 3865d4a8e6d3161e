// The TypeScript dispatcher against a real `tape server` (a subprocess on a free port over a
// fresh SQLite journal): confirmed, failed with backoff, unknown never retried, the
// construction rules, and two dispatchers racing one effect.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  ConnectorRegistry, EffectSemantics, EffectStatus, OutboxConfigError, OutboxDispatcher,
  TapeClient, outboxTool,
} from '../src/index.js';
import { REPO, currentEffect, pendingEffect, startServer } from './support.js';

let server;
let url;
let client;

before(async () => {
  server = await startServer();
  url = server.url;
  client = new TapeClient(url);
});

after(async () => {
  client?.close();
  await server?.stop();
});

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
  const effect = await pendingEffect(client, { connector: name });
  const results = await dispatcherFor(name, connector).runOnce();
  assert.deepEqual(results.map((r) => r.result), ['confirmed']);
  const now = await currentEffect(client, effect);
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
  const effect = await pendingEffect(client, { connector: name, semantics: EffectSemantics.IDEMPOTENT });
  const before = Date.now();
  const [first] = await dispatcherFor(name, connector, { maxAttempts: 2 }).runOnce();
  const afterPass = Date.now();
  assert.equal(first.result, 'retry-scheduled');
  let now = await currentEffect(client, effect);
  assert.equal(now.status, EffectStatus.PENDING);
  assert.equal(now.dispatch_attempts, 1);
  assert.ok(now.next_dispatch_at_ms >= before + 1000 && now.next_dispatch_at_ms <= afterPass + 1000);
  assert.match(now.last_dispatch_error, /bank said 503/);
  // Not due yet: the next pass leaves it alone.
  assert.deepEqual(await dispatcherFor(name, connector, { maxAttempts: 2 }).runOnce(), []);
  assert.equal(connector.calls, 1);

  const once = await pendingEffect(client, { connector: name, semantics: EffectSemantics.IDEMPOTENT });
  const [last] = await dispatcherFor(name, connector, { maxAttempts: 1 }).runOnce();
  assert.equal(last.result, 'failed');
  now = await currentEffect(client, once);
  assert.equal(now.status, EffectStatus.FAILED);
  assert.equal(JSON.parse(now.error_json).final, true);
});

test('unknown: a non-idempotent unknown becomes UNKNOWN and is never retried', async () => {
  const name = `lossy-${randomUUID()}`;
  const connector = counting(() => ({ outcome: 'unknown' }));
  const effect = await pendingEffect(client, { connector: name });
  const [result] = await dispatcherFor(name, connector).runOnce();
  assert.equal(result.result, 'unknown');
  assert.equal((await currentEffect(client, effect)).status, EffectStatus.UNKNOWN);
  await dispatcherFor(name, connector).runOnce();
  assert.equal(connector.calls, 1, 'an UNKNOWN effect is the reconciler\'s, never re-sent');

  const thrower = counting(() => { throw new Error('socket closed mid-response'); });
  const thrown = await pendingEffect(client, { connector: `${name}-raise` });
  await dispatcherFor(`${name}-raise`, thrower).runOnce();
  assert.equal((await currentEffect(client, thrown)).status, EffectStatus.UNKNOWN);
});

test('two dispatchers racing one effect: exactly one calls the upstream', async () => {
  const name = `race-${randomUUID()}`;
  const connector = counting(() => ({ outcome: 'confirmed', externalRef: 'x' }));
  const effect = await pendingEffect(client, { connector: name });
  const passes = await Promise.all([1, 2, 3, 4].map(() => dispatcherFor(name, connector).runOnce()));
  assert.equal(connector.calls, 1);
  assert.equal(passes.flat().filter((r) => r.result === 'confirmed').length, 1);
  assert.equal((await currentEffect(client, effect)).status, EffectStatus.CONFIRMED);
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
  return pendingEffect(client, { connector: 'log' }).then(async (effect) => {
    const proc = spawnSync('node', [cli, '--url', url, '--once', '--register-log-connector', '--log-connector-path', log]);
    assert.equal(proc.status, 0, String(proc.stderr));
    const results = JSON.parse(String(proc.stdout).trim().split('\n').pop()).outbox;
    assert.ok(results.some((r) => r.idempotency_key === effect.idempotency_key && r.result === 'confirmed'));
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.idempotency_key), [effect.idempotency_key]);
    assert.equal((await currentEffect(client, effect)).status, EffectStatus.CONFIRMED);
    const bad = spawnSync('node', [cli, '--url', url, '--max-attempts', 'many', '--once']);
    assert.equal(bad.status, 2);
    assert.match(String(bad.stderr), /--max-attempts must be an integer/);
  });
});
