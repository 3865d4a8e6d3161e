// The errors of the TypeScript SDK. Names match tape.errors (Python) so logs read the same.

/** Base class of every error this SDK raises on purpose. */
export class TapeError extends Error {
  /**
   * @param {string} message
   * @param {{code?: number, tapeError?: string}} [details]
   */
  constructor(message, details = {}) {
    super(message);
    this.name = details.tapeError || 'TapeError';
    /** gRPC status code, when the server answered with one. */
    this.code = details.code;
  }
}

/** tape-ts is configured wrongly (a bad TapeClient option, an unreadable TAPE_TLS_CA, ...). */
export class ConfigurationError extends TapeError {
  /** @param {string} message */
  constructor(message) {
    super(message, { tapeError: 'ConfigurationError' });
  }
}

/** An outbox tool or dispatcher configured unsafely; thrown at construction, nothing sent. */
export class OutboxConfigError extends TapeError {
  /** @param {string} message */
  constructor(message) {
    super(message, { tapeError: 'OutboxConfigError' });
  }
}

/** The upstream provably never got the request: safe to retry. Throw it from a connector. */
export class DefinitelyNotApplied extends TapeError {
  /** @param {string} message */
  constructor(message) {
    super(message, { tapeError: 'DefinitelyNotApplied' });
  }
}

/** Whether the upstream applied the request cannot be told: never retried blindly. */
export class OutcomeUnknown extends TapeError {
  /** @param {string} message */
  constructor(message) {
    super(message, { tapeError: 'OutcomeUnknown' });
  }
}
