// The TapeClient constructor: both call forms, and a wrong option is a ConfigurationError that
// names the option and what it expects (never echoing a password). No server: nothing here
// connects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigurationError, PROTO_PATH, TapeClient } from '../src/index.js';

function refused(args, pattern) {
  assert.throws(() => new TapeClient(...args), (err) => {
    assert.ok(err instanceof ConfigurationError, `${err.name}: ${err.message}`);
    assert.equal(err.name, 'ConfigurationError');
    assert.match(err.message, pattern);
    return true;
  });
}

test('both forms take the same options; the URL defaults to TAPE_URL, then localhost', () => {
  for (const client of [
    new TapeClient({ url: 'tape://127.0.0.1:7979', token: 't', timeoutMs: 5000 }),
    new TapeClient('tape://127.0.0.1:7979', { token: 't', timeoutMs: 5000 }),
  ]) {
    assert.equal(client.url, 'tape://127.0.0.1:7979');
    assert.equal(client.timeoutMs, 5000);
    assert.deepEqual(client.metadata.get('authorization'), ['Bearer t']);
    assert.equal(typeof client.beginEffect, 'function');
    client.close();
  }
  const saved = process.env.TAPE_URL;
  try {
    delete process.env.TAPE_URL;
    const defaults = [new TapeClient(), new TapeClient({ token: 't' })];
    assert.deepEqual(defaults.map((c) => c.url), ['tape://localhost:7878', 'tape://localhost:7878']);
    process.env.TAPE_URL = 'tape://10.0.0.1:7000';
    defaults.push(new TapeClient({}));
    assert.equal(defaults[2].url, 'tape://10.0.0.1:7000');
    defaults.forEach((c) => c.close());
  } finally {
    if (saved === undefined) delete process.env.TAPE_URL;
    else process.env.TAPE_URL = saved;
  }
});

test('a wrong option names itself and what is expected', () => {
  const expected = /^TapeClient: url must be tape:\/\/host:port \(or tapes:\/\/host\[:port\] for TLS\), not /;
  refused([{ url: 'http://localhost:7878' }], expected);
  refused(['localhost:7878'], expected);
  refused([{ url: 7878 }], /TapeClient: url must be tape:\/\/host:port .*, not a number$/);
  refused([{ url: 'https://alice:s3cret@example.com' }], /not "https:\/\/\*\*\*@example\.com"$/);
  refused([{ url: 'tape://h:1', timeout: 5 }], /^TapeClient: unknown option "timeout" \(known: url, token, rootCerts, timeoutMs\)$/);
  refused([{ token: 42 }], /^TapeClient: token must be a string/);
  refused([{ timeoutMs: 0 }], /^TapeClient: timeoutMs must be a positive integer of milliseconds, not 0$/);
  refused([{ rootCerts: 1 }], /^TapeClient: rootCerts must be a Buffer or string/);
  refused(['tape://h:1', { url: 'tape://h:2' }], /^TapeClient: url given twice/);
  refused(['tape://h:1', 'token'], /^TapeClient: options must be an object/);
  for (const args of [[{ url: 'https://alice:s3cret@example.com' }], [{ token: 's3cret-token', url: 5 }]]) {
    assert.throws(() => new TapeClient(...args), (err) => !/s3cret/.test(err.message));
  }
});

test('the service definition is the copy inside the package', () => {
  assert.equal(PROTO_PATH, join(import.meta.dirname, '..', 'proto', 'tape', 'v1', 'tape.proto'));
});

test('tape-outbox-ts --url names the flag', () => {
  const bin = join(import.meta.dirname, '..', 'bin', 'tape-outbox-ts.js');
  const proc = spawnSync('node', [bin, '--url', 'http://localhost:7878', '--once'], { encoding: 'utf8' });
  assert.equal(proc.status, 2);
  assert.match(proc.stderr, /^tape-outbox-ts: error: --url must be tape:\/\/host:port/);
});
