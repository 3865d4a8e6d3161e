// The outbox dispatcher: drains PENDING + OUTBOX effects through their connectors, with the
// same safety contract as tape's Python dispatcher (python -m tape.reactors.outbox):
//
//   1. ExpireDispatchClaims: a NON_IDEMPOTENT effect whose dispatcher died mid-call becomes
//      UNKNOWN (the reconciler asks the upstream; nothing is re-sent);
//   2. ListEffectsToDispatch, then ClaimEffectDispatch per effect (the server's CAS: one
//      dispatcher wins each effect; a loser never calls the upstream);
//   3. call the connector, outside any transaction;
//   4. RecordDispatchOutcomes: confirmed -> CONFIRMED; failed -> PENDING again after
//      min(1 s * 2^(attempt-1), 60 s), FAILED for good once max attempts are used;
//      unknown -> UNKNOWN, never dispatched again (a non-idempotent unknown is never retried).

import { hostname } from 'node:os';
import { CONNECTORS } from './connectors.js';
import { DefinitelyNotApplied, OutboxConfigError, OutcomeUnknown } from './errors.js';
import { EffectSemantics, TapeClient, parseUrl } from './client.js';

const SEMANTICS = ['idempotent', 'non_idempotent', 'at_least_once'];

/** min(base * 2^(attempt-1), cap): the retry delay after failed attempt `attempt` (1-based). */
export function backoffMs(attempt, baseMs = 1000, capMs = 60_000) {
  if (attempt < 1) return baseMs;
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 32), capMs);
}

/**
 * Declare an outbox tool (the intent an agent records). The rules are tape's
 * (tape.agents.declare): throws OutboxConfigError at construction, before anything is sent.
 * @param {{name: string, connector: string, semantics?: string, businessKey?: Function,
 *          statusCheck?: Function, compensate?: Function, humanGate?: boolean,
 *          maxAttempts?: number, scope?: string, allowUnsafe?: boolean}} options
 */
export function outboxTool(options) {
  const o = { semantics: 'idempotent', humanGate: false, maxAttempts: 0, scope: '', ...options };
  if (!SEMANTICS.includes(o.semantics)) throw new OutboxConfigError(`unknown semantics '${o.semantics}'`);
  if (typeof o.connector !== 'string' || !o.connector.trim()) {
    throw new OutboxConfigError(
      'outbox tools require connector=: the dispatcher finds the upstream by its name',
    );
  }
  if (typeof o.scope !== 'string') throw new OutboxConfigError('scope must be a string');
  for (const fn of ['businessKey', 'statusCheck', 'compensate']) {
    if (o[fn] !== undefined && typeof o[fn] !== 'function') {
      throw new OutboxConfigError(`${fn} must be a function`);
    }
  }
  const safe = o.businessKey || o.statusCheck || o.compensate;
  if (o.semantics === 'non_idempotent' && !(safe || o.humanGate || o.allowUnsafe)) {
    throw new OutboxConfigError(
      'non_idempotent outbox tools must declare at least one of business_key, status_check, ' +
        'compensate, or human_gate=True — otherwise an UNKNOWN dispatch could be blindly retried.',
    );
  }
  if (!Number.isInteger(o.maxAttempts) || o.maxAttempts < 0) {
    throw new OutboxConfigError(`max_attempts must be an integer >= 0, not ${o.maxAttempts}`);
  }
  return Object.freeze(o);
}

function defaultClaimer() {
  return process.env.TAPE_DISPATCH_CLAIMER || `${hostname()}:${process.pid}`;
}

function describe(err) {
  return { type: err?.name || typeof err, message: String(err?.message ?? err).slice(0, 2000) };
}

export class OutboxDispatcher {
  /**
   * @param {{url?: string, client?: TapeClient, connector?: string, maxAttempts?: number,
   *          claimer?: string, intervalMs?: number, limit?: number, leaseMs?: number,
   *          registry?: import('./connectors.js').ConnectorRegistry}} [options]
   */
  constructor(options = {}) {
    const o = { maxAttempts: 5, intervalMs: 1000, limit: 200, leaseMs: 60_000, connector: '', ...options };
    for (const [name, min] of [['maxAttempts', 1], ['intervalMs', 1], ['limit', 1], ['leaseMs', 100]]) {
      if (!Number.isInteger(o[name]) || o[name] < min) {
        throw new OutboxConfigError(`${name} must be an integer >= ${min}, not ${o[name]}`);
      }
    }
    if (typeof o.connector !== 'string') throw new OutboxConfigError('connector must be a string');
    if (!o.client) {
      try {
        parseUrl(o.url ?? process.env.TAPE_URL ?? 'tape://localhost:7878', 'OutboxDispatcher: url');
      } catch (err) {
        throw new OutboxConfigError(err.message);
      }
    }
    this.client = o.client ?? new TapeClient(o.url);
    this.registry = o.registry ?? CONNECTORS;
    this.options = { ...o, claimer: o.claimer || defaultClaimer() };
  }

  /** One pass; resolves to one result object per effect looked at. */
  async runOnce() {
    const { claimer, connector, limit, leaseMs, maxAttempts } = this.options;
    const expired = await this.client.expireDispatchClaims({ max_attempts: maxAttempts });
    const results = expired.effects.map((e) =>
      row(e, 'unknown', 'dispatcher lost mid-call (claim expired); reconciler will observe'));
    const registered = (connector ? [connector] : this.registry.names())
      .filter((name) => this.registry.get(name));
    const due = await this.client.listEffectsToDispatch({
      limit,
      connector,
      max_attempts: maxAttempts,
    });
    const claimed = [];
    for (const effect of due.effects) {
      if (!registered.includes(effect.connector)) {
        if (!connector) results.push(row(effect, 'skipped', `no connector registered: '${effect.connector}'`));
        continue;
      }
      const claim = await this.client.claimEffectDispatch({
        run_id: effect.run_id,
        idempotency_key: effect.idempotency_key,
        claimer,
        lease_ttl_ms: leaseMs,
        max_attempts: maxAttempts,
      });
      if (claim.acquired) claimed.push(claim.effect);
      else results.push(row(claim.effect, 'skipped', 'claimed by another dispatcher'));
    }
    if (claimed.length === 0) return results;
    const outcomes = await Promise.all(claimed.map((e) => this.call(e)));
    const recorded = await this.client.recordDispatchOutcomes({
      outcomes: outcomes.map(([outcome]) => outcome),
      claimer,
    });
    outcomes.forEach(([, result], i) => {
      const stored = recorded.results[i];
      results.push(stored && stored.found ? result : { ...result, result: 'lost-race', reason: 'the effect moved meanwhile' });
    });
    return results;
  }

  /** Passes forever (or once), `intervalMs` apart; `onPass(results)` after each. */
  async run({ once = false, onPass = () => {}, signal } = {}) {
    for (;;) {
      onPass(await this.runOnce());
      if (once || signal?.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, this.options.intervalMs));
      if (signal?.aborted) return;
    }
  }

  /** Dispatch one claimed effect: [outcome to record, result row]. */
  async call(effect) {
    const attempt = effect.dispatch_attempts;
    const maxAttempts = effect.max_attempts || this.options.maxAttempts;
    const connector = this.registry.get(effect.connector);
    let result;
    try {
      result = await connector.dispatch(effect);
    } catch (err) {
      if (err instanceof DefinitelyNotApplied) return failed(effect, attempt, maxAttempts, describe(err), true, 0);
      if (effect.semantics === EffectSemantics.NON_IDEMPOTENT || err instanceof OutcomeUnknown) {
        return unknown(effect, { reason: 'connector raised', ...describe(err) });
      }
      return failed(effect, attempt, maxAttempts, describe(err), true, 0);
    }
    const outcome = result?.outcome;
    if (outcome === 'confirmed') {
      const externalRef = result.externalRef || '';
      const response = { external_ref: externalRef, ...(result.response || {}) };
      return [
        {
          run_id: effect.run_id,
          idempotency_key: effect.idempotency_key,
          kind: 'confirmed',
          response_json: JSON.stringify(response),
          external_ref: externalRef,
          compensate_kind: effect.compensate_kind,
          compensate_payload_json: JSON.stringify({ ...(result.response || {}), external_ref: externalRef }),
        },
        row(effect, 'confirmed', '', { external_ref: externalRef }),
      ];
    }
    if (outcome === 'failed') {
      const error = typeof result.error === 'object' && result.error ? result.error : { message: String(result.error ?? 'failed') };
      return failed(effect, attempt, maxAttempts, error, result.retryable !== false, result.retryAfterMs ? Date.now() + result.retryAfterMs : 0);
    }
    // 'unknown', or anything a connector should not have returned: it may have landed.
    return unknown(effect, result?.error ? { error: result.error } : { reason: 'ack lost' });
  }
}

function failed(effect, attempt, maxAttempts, error, retryable, retryAtMs) {
  const base = { run_id: effect.run_id, idempotency_key: effect.idempotency_key };
  if (!retryable || attempt >= maxAttempts) {
    const final = { final: true, attempts: attempt, last: error };
    return [{ ...base, kind: 'failed', error: JSON.stringify(final) }, row(effect, 'failed', JSON.stringify(error))];
  }
  const nextAt = retryAtMs || Date.now() + backoffMs(attempt);
  return [
    { ...base, kind: 'retry', error: JSON.stringify(error), next_dispatch_at_ms: nextAt },
    row(effect, 'retry-scheduled', JSON.stringify(error), { next_dispatch_at_ms: nextAt }),
  ];
}

function unknown(effect, error) {
  return [
    { run_id: effect.run_id, idempotency_key: effect.idempotency_key, kind: 'unknown', error: JSON.stringify(error) },
    row(effect, 'unknown', JSON.stringify(error)),
  ];
}

function row(effect, result, reason = '', extra = {}) {
  const out = {
    run_id: effect.run_id,
    idempotency_key: effect.idempotency_key,
    tool: effect.tool_name,
    connector: effect.connector,
    attempt: effect.dispatch_attempts,
    result,
  };
  if (reason) out.reason = reason;
  return { ...out, ...extra };
}
