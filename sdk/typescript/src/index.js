// tape-ts: the tape.v1 client and the outbox dispatcher for Node (tape server at tape://).
export { TapeClient, parseUrl, DEFAULT_URL, PROTO_PATH, EffectStatus, EffectSemantics, DispatchMode, EffectResolution } from './client.js';
export { ConnectorRegistry, CONNECTORS, HTTPConnector, LogConnector, redactUrl } from './connectors.js';
export { OutboxDispatcher, outboxTool, backoffMs } from './outbox.js';
export { TapeError, ConfigurationError, OutboxConfigError, DefinitelyNotApplied, OutcomeUnknown } from './errors.js';
