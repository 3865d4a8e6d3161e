#!/usr/bin/env node
// tape-outbox-ts: the outbox dispatcher with the flags of python -m tape.reactors.outbox.
// Prints one JSON line per pass: {"outbox": [...results...]}.

import { register } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  CONNECTORS, ConfigurationError, LogConnector, OutboxConfigError, OutboxDispatcher, parseUrl,
} from '../src/index.js';
import { httpConnectorFromSpec } from '../src/connectors.js';

const HELP = `usage: tape-outbox-ts [options]

  --url URL                 tape server (default $TAPE_URL, then tape://localhost:7878)
  --connector NAME          only dispatch effects of this connector (default: all)
  --interval MS             milliseconds between passes (default 1000)
  --max-attempts N          failed dispatches before an effect is FAILED (default 5)
  --claimer ID              claimer recorded on claims (default <host>:<pid>)
  --once                    run one pass and exit
  --register-log-connector  register the built-in LogConnector (name 'log')
  --log-connector-path PATH where the LogConnector writes (default /tmp/tape-outbox.jsonl)
  --register-http-connector NAME=URL
                            register an HTTPConnector named NAME that POSTs each effect
                            to URL (repeatable)
  --load PATH               import a module that registers connectors (repeatable);
                            its \`import ... from 'tape-ts'\` is this package, from any folder
`;

function integer(name, text) {
  if (!/^\d+$/.test(text)) throw new OutboxConfigError(`--${name} must be an integer, not ${JSON.stringify(text)}`);
  return Number(text);
}

async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: process.env.TAPE_URL || 'tape://localhost:7878' },
      connector: { type: 'string', default: '' },
      interval: { type: 'string', default: '1000' },
      'max-attempts': { type: 'string', default: '5' },
      claimer: { type: 'string', default: '' },
      once: { type: 'boolean', default: false },
      'register-log-connector': { type: 'boolean', default: false },
      'log-connector-path': { type: 'string', default: '/tmp/tape-outbox.jsonl' },
      'register-http-connector': { type: 'string', multiple: true, default: [] },
      load: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  parseUrl(values.url, '--url');
  // Checked before anything is loaded or connected: a bad NAME=URL is a usage error.
  const httpConnectors = values['register-http-connector'].map((spec) => {
    try {
      return httpConnectorFromSpec(spec);
    } catch (err) {
      throw new OutboxConfigError(err.message);
    }
  });
  if (values.load.length) register('../src/self-import.js', import.meta.url);
  for (const spec of values.load) {
    await import(pathToFileURL(resolve(spec)).href);
  }
  if (values['register-log-connector']) {
    CONNECTORS.register('log', new LogConnector(values['log-connector-path']));
  }
  for (const connector of httpConnectors) CONNECTORS.register(connector.name, connector);
  const dispatcher = new OutboxDispatcher({
    url: values.url,
    connector: values.connector,
    intervalMs: integer('interval', values.interval),
    maxAttempts: integer('max-attempts', values['max-attempts']),
    claimer: values.claimer,
  });
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  process.once('SIGINT', () => controller.abort());
  try {
    await dispatcher.run({
      once: values.once,
      signal: controller.signal,
      onPass: (results) => process.stdout.write(`${JSON.stringify({ outbox: results })}\n`),
    });
  } finally {
    dispatcher.client.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const usage = err instanceof OutboxConfigError || err instanceof ConfigurationError ||
      String(err?.code ?? '').startsWith('ERR_PARSE_ARGS_');
    process.stderr.write(`tape-outbox-ts: error: ${err?.message ?? err}\n`);
    process.exit(usage ? 2 : 1);
  },
);
