// What the tests share. A real `tape server`: a subprocess of the repository's Python (TAPE_PYTHON, else
// .venv/bin/python) on a free port over a fresh, migrated SQLite journal in a temp dir.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DispatchMode, EffectSemantics, EffectStatus } from '../src/index.js';

export const REPO = resolve(import.meta.dirname, '../../..');
const PYTHON = process.env.TAPE_PYTHON || join(REPO, '.venv/bin/python');

/** Resolves to {url, stop()} once the server prints the address it listens on. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'tape-ts-'));
  const database = `sqlite:///${join(dir, 'tape.db')}`;
  const migrate = spawnSync(PYTHON, ['-m', 'tape', 'migrate', '--database-url', database], { cwd: REPO });
  assert.equal(migrate.status, 0, String(migrate.stderr));
  const server = spawn(PYTHON, ['-m', 'tape', 'server', '--listen', '127.0.0.1:0', '--database-url', database], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise((ok, fail) => {
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
  async function stop() {
    if (server.exitCode !== null) return;
    const exited = new Promise((ok) => server.on('exit', ok));
    server.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
  return { url, stop };
}

/** A new run and one PENDING + OUTBOX effect of `connector` in it, through `client`. */
export async function pendingEffect(client, { connector, semantics = EffectSemantics.NON_IDEMPOTENT }) {
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

/** The effect as the journal has it now. */
export async function currentEffect(client, effect) {
  const found = await client.getEffect({ run_id: effect.run_id, idempotency_key: effect.idempotency_key });
  assert.ok(found.found);
  return found.effect;
}
