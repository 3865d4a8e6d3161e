// tape-ts as a user outside the repository gets it: `npm pack`, a project in a temp dir installs
// the tarball, and files there import 'tape-ts' by name with no help from the repository (no
// NODE_PATH, no TAPE_PROTO): a dispatcher that records and confirms one effect through a real
// `tape server`, and a connector file in a folder with no node_modules at all, loaded by the
// installed `tape-outbox-ts --load`.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { EffectStatus, TapeClient } from '../src/index.js';
import { REPO, currentEffect, pendingEffect, startServer } from './support.js';

const SDK = resolve(import.meta.dirname, '..');

let server;
let client;
let work;
let project;
let packed;

/**
 * A user's environment: nothing that points into the repository (`npm test` exports the
 * package's folder as npm_config_local_prefix, which a child npm would take as its project).
 * npm's own settings (registry, cache) stay.
 */
function userEnv() {
  const here = /^(npm_config_local_prefix|npm_package_|npm_lifecycle_|NODE_PATH$|TAPE_PROTO$|TAPE_URL$)/i;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !here.test(key)));
}

function run(command, args, options) {
  const proc = spawnSync(command, args, { encoding: 'utf8', env: userEnv(), timeout: 300_000, ...options });
  assert.equal(proc.status, 0, `${command} ${args.join(' ')} exited ${proc.status}:\n${proc.stderr}${proc.stdout}`);
  return proc;
}

/**
 * A project whose only dependency is the tarball. Its lockfile is the SDK's (the versions
 * `make test-ts` tests, which its `npm ci` left in npm's cache), so `npm ci --prefer-offline`
 * installs without the network when that cache is warm.
 */
function writeProject(dir, tarball) {
  const sdkLock = JSON.parse(readFileSync(join(SDK, 'package-lock.json'), 'utf8'));
  const self = sdkLock.packages[''];
  const dependencies = { 'tape-ts': `file:${tarball}` };
  const packages = {
    '': { name: 'tape-ts-user', dependencies },
    'node_modules/tape-ts': {
      version: self.version,
      resolved: `file:${tarball}`,
      license: self.license,
      dependencies: self.dependencies,
      bin: self.bin,
      engines: self.engines,
    },
  };
  for (const [path, entry] of Object.entries(sdkLock.packages)) if (path) packages[path] = entry;
  const manifest = { name: 'tape-ts-user', private: true, type: 'module', dependencies };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const lock = { name: 'tape-ts-user', lockfileVersion: 3, requires: true, packages };
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
}

before(async () => {
  server = await startServer();
  client = new TapeClient({ url: server.url });
  work = realpathSync(mkdtempSync(join(tmpdir(), 'tape-ts-pack-')));
  assert.ok(!work.startsWith(REPO + sep), `${work} must be outside the repository`);
  const pack = run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], { cwd: SDK });
  [packed] = JSON.parse(pack.stdout);
  project = join(work, 'project');
  mkdirSync(project);
  writeProject(project, join(work, packed.filename));
  run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
});

after(async () => {
  client?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('npm pack ships the service definition with the code', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.ok(files.includes('proto/tape/v1/tape.proto'), files.join(', '));
  for (const needed of ['package.json', 'README.md', 'src/index.js', 'src/client.js', 'bin/tape-outbox-ts.js']) {
    assert.ok(files.includes(needed), `${needed} not in ${files.join(', ')}`);
  }
  assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('node_modules/')), files.join(', '));
});

test('a dispatcher in another project imports tape-ts by name and confirms one effect', async () => {
  const connector = `shop.refund-${randomUUID()}`;
  writeFileSync(join(project, 'dispatch.js'), `
import {
  CONNECTORS, DispatchMode, EffectSemantics, OutboxDispatcher, PROTO_PATH, TapeClient,
} from 'tape-ts';

const [url, connector] = process.argv.slice(2);
const client = new TapeClient({ url });
const run = await client.beginRun({
  app_name: 'shop', user_id: 'u', session_id: 's', invocation_id: 'refund-1', lease_owner: 'shop',
});
const { effect } = await client.beginEffect({
  run_id: run.run_id,
  decision_index: 0,
  tool_name: 'refund',
  request_json: JSON.stringify({ order: 'A-1', cents: 1250 }),
  semantics: EffectSemantics.NON_IDEMPOTENT,
  dispatch_mode: DispatchMode.OUTBOX,
  connector,
  business_key: 'refund:A-1',
});
let calls = 0;
CONNECTORS.register(connector, {
  dispatch(e) {
    calls += 1;
    return { outcome: 'confirmed', externalRef: 're_' + e.business_key };
  },
});
const results = await new OutboxDispatcher({ client, connector }).runOnce();
client.close();
console.log(JSON.stringify({
  resolved: import.meta.resolve('tape-ts'), proto: PROTO_PATH, effect, results, calls,
}));
`);
  const proc = run('node', ['dispatch.js', server.url, connector], { cwd: project });
  const out = JSON.parse(proc.stdout.trim().split('\n').pop());
  const installed = join(project, 'node_modules', 'tape-ts');
  assert.ok(out.resolved.startsWith(pathToFileURL(installed).href + '/'), out.resolved);
  assert.equal(out.proto, join(installed, 'proto', 'tape', 'v1', 'tape.proto'));
  assert.deepEqual(out.results.map((r) => r.result), ['confirmed']);
  assert.equal(out.calls, 1);
  const now = await currentEffect(client, out.effect);
  assert.equal(now.status, EffectStatus.CONFIRMED);
  assert.equal(now.external_ref, 're_refund:A-1');
});

test('tape-outbox-ts --load: a connector file in a folder with no node_modules imports tape-ts', async () => {
  const connector = `crm.note-${randomUUID()}`;
  const elsewhere = join(work, 'elsewhere');
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, 'connector.js'), `
import { CONNECTORS } from 'tape-ts';
CONNECTORS.register(${JSON.stringify(connector)}, {
  dispatch: (effect) => ({ outcome: 'confirmed', externalRef: 'note-' + effect.run_id }),
});
`);
  const effect = await pendingEffect(client, { connector });
  const bin = join(project, 'node_modules', '.bin', 'tape-outbox-ts');
  const proc = run(bin, ['--url', server.url, '--once', '--connector', connector, '--load', 'connector.js'], {
    cwd: elsewhere,
  });
  const results = JSON.parse(proc.stdout.trim().split('\n').pop()).outbox;
  assert.deepEqual(results.map((r) => [r.idempotency_key, r.result]), [[effect.idempotency_key, 'confirmed']]);
  const now = await currentEffect(client, effect);
  assert.equal(now.status, EffectStatus.CONFIRMED);
  assert.equal(now.external_ref, `note-${effect.run_id}`);
});
