"""The outbox pass: dispatch due PENDING+OUTBOX effects through their connectors, once.

One pass:

1. turns NON_IDEMPOTENT effects whose dispatcher died mid-call (claim expired while still
   set) into UNKNOWN: the reconciler asks the upstream; nothing is re-sent blindly;
2. claims a batch of due effects whose connector is registered (CAS; each claim counts an
   attempt in flight), and reports due effects with no registered connector as ``skipped``:
   each is marked (:mod:`tape.unregistered`, never claimed: another worker may register the
   connector) and an ERROR line names the connector, at most once per :data:`LOUD_EVERY_S`
   per connector and process;
3. calls the connectors concurrently, outside any transaction;
4. records the outcomes in one short transaction:

   =========================  =========================================================
   connector said             the effect becomes
   =========================  =========================================================
   confirmed                  CONFIRMED (+ a compensation obligation if the tool has one)
   failed, retryable          PENDING again after ``min(1 s * 2^(n-1), 60 s)``; FAILED with
                              ``{"final": true, ...}`` once ``max_attempts`` are used
   failed, not retryable      FAILED with ``{"final": true, ...}``
   unknown                    UNKNOWN; never dispatched again by the outbox
   raised                     UNKNOWN for NON_IDEMPOTENT (it may have landed); retried
                              like ``failed`` for IDEMPOTENT, or when the connector raised
                              :class:`~tape.errors.DefinitelyNotApplied`
   (not called: the claim     retried like ``failed``: a call waiting in the pass's pool
   lapsed while it waited)    past its claim's lease is never made (see ``_call``)
   =========================  =========================================================
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from tape import connectors, errors, hints, pass_result, state, unregistered
from tape.config import default_claimer
from tape.enums import EffectSemantics, EffectStatus
from tape.journal import Journal
from tape.observability import metrics, tracing
from tape.pass_result import PassOutcome, PassResult
from tape.records import EffectRecord
from tape.store import release
from tape.store.outcomes import Outcome

logger = logging.getLogger(__name__)

Result = PassResult

#: Outcomes that release a run parked on the effect.
FINAL = (EffectStatus.CONFIRMED, EffectStatus.FAILED)

#: An ERROR line about a connector this process does not register repeats at most this often.
LOUD_EVERY_S = 60.0


@dataclass(frozen=True)
class OutboxOptions:
    """How one outbox pass behaves."""

    claimer: str = ""
    connector: str = ""
    limit: int = 500
    max_attempts: int = 5
    lease_ms: int = 60_000
    concurrency: int = 32


def run_once(journal: Journal, options: OutboxOptions | None = None) -> list[Result]:
    """One outbox pass; returns one result dict per effect it looked at."""
    opts = options or OutboxOptions()
    claimer = opts.claimer or default_claimer()
    results = [_expired(e) for e in journal.expire_dispatch_claims(max_attempts=opts.max_attempts)]
    registered = [opts.connector] if opts.connector else connectors.names()
    registered = [name for name in registered if connectors.get(name) is not None]
    results += _skipped(journal, opts, registered, claimer)
    if not registered:
        return results
    claimed = journal.claim_effects_to_dispatch(
        claimer=claimer,
        limit=opts.limit,
        connectors=registered,
        lease_ttl_ms=opts.lease_ms,
        max_attempts=opts.max_attempts,
    )
    return results + dispatch_claimed(journal, claimed, claimer=claimer, options=opts)


def drain(
    journal: Journal, options: OutboxOptions | None = None, *, budget_s: float = 10.0
) -> list[Result]:
    """Run passes back to back while each one claims a full batch, for up to ``budget_s``."""
    opts = options or OutboxOptions()
    deadline = time.monotonic() + budget_s
    results: list[Result] = []
    while True:
        batch = run_once(journal, opts)
        results += batch
        dispatched = sum(1 for r in batch if r["result"] not in (PassOutcome.SKIPPED,))
        if dispatched < opts.limit or time.monotonic() >= deadline:
            return results


def dispatch_one(
    journal: Journal, run_id: str, key: str, options: OutboxOptions | None = None
) -> Result:
    """Claim and dispatch a single effect (the dispatch hint). Harmless when redelivered:
    the claim fails and nothing is called."""
    opts = options or OutboxOptions()
    claimer = opts.claimer or default_claimer()
    # Look before claiming: a claim counts an attempt, and a worker that cannot send this
    # effect (its connector is not imported here) must leave it untouched for one that can.
    current = journal.get_effect(run_id=run_id, idempotency_key=key)
    if current is None:
        return {
            "run_id": run_id,
            "idempotency_key": key,
            "result": PassOutcome.SKIPPED,
            "reason": "no such effect",
        }
    if connectors.get(current.connector) is None:
        return _row(current, PassOutcome.SKIPPED, f"no connector registered: {current.connector!r}")
    claim = journal.claim_effect_dispatch(
        run_id=run_id,
        idempotency_key=key,
        claimer=claimer,
        lease_ttl_ms=opts.lease_ms,
        max_attempts=opts.max_attempts,
    )
    effect = claim.effect
    if not claim.acquired:
        held = f", claimed by {effect.dispatch_claimed_by!r}" if effect.dispatch_claimed_by else ""
        return _row(effect, PassOutcome.SKIPPED, f"not claimable ({effect.status.name}{held})")
    return dispatch_claimed(journal, [effect], claimer=claimer, options=opts)[0]


def dispatch_claimed(
    journal: Journal,
    claimed: Sequence[EffectRecord],
    *,
    claimer: str,
    options: OutboxOptions,
) -> list[Result]:
    """Call the connectors for effects this claimer holds, then record every outcome."""
    if not claimed:
        return []
    now = journal.database.now_ms
    # Each call's span joins its run's trace; pool threads do not inherit the context.
    runs = [tracing.run_context(journal, e.run_id) for e in claimed]
    if len(claimed) == 1:
        outcomes = [_observed_call(claimed[0], options, now, runs[0])]
    else:
        outcomes = list(
            _executor(options.concurrency).map(
                lambda e, run: _observed_call(e, options, now, run), claimed, runs
            )
        )
    recorded = journal.record_dispatch_outcomes([o for o, _ in outcomes], claimer=claimer)
    _hint_released(journal, recorded)
    results = []
    for effect, (_, result), stored in zip(claimed, outcomes, recorded, strict=True):
        if stored is None:
            result = {
                **result,
                "result": PassOutcome.LOST_RACE,
                "reason": "the effect moved meanwhile",
            }
        results.append(result)
        if result["result"] == PassOutcome.UNKNOWN:
            logger.warning(
                "effect outcome unknown; the reconciler will ask the upstream",
                extra={
                    "action": "dispatch-unknown",
                    "run_id": effect.run_id,
                    "effect_key": effect.idempotency_key,
                    "connector": effect.connector,
                },
            )
    return results


def _hint_released(journal: Journal, recorded: Sequence[EffectRecord | None]) -> None:
    """Ask for the agent task of each run a final outcome may have released (WAITING on the
    effect, RUNNABLE in the same transaction): the run goes on in milliseconds instead of at
    the next recovery pass. Only a hint: recovery still finds every RUNNABLE run."""
    final = [e.run_id for e in recorded if e is not None and e.status in FINAL]
    if not final or not hints.runs_installed():
        return
    try:
        released = release.runnable_apps(journal.database, final)
    except Exception as exc:  # the outcomes are recorded: a failed look-up only costs time
        logger.warning("released runs not looked up: %s", type(exc).__name__)
        return
    for app_name, run_id in released:
        hints.publish_run(app_name, run_id)


def _observed_call(
    effect: EffectRecord, opts: OutboxOptions, now: Callable[[], int], run: Any
) -> tuple[Outcome, Result]:
    """:func:`_call` in a ``tape.dispatch_effect`` span, timed per connector and outcome."""
    due_ms = max(effect.next_dispatch_at_ms, effect.created_at_ms)
    with (
        tracing.attached(run),
        tracing.span(
            "tape.dispatch_effect",
            run_id=effect.run_id,
            idempotency_key=effect.idempotency_key,
            connector=effect.connector,
        ),
        metrics.connector_call(effect.connector, due_ms) as outcome_is,
    ):
        called = _call(effect, opts, now)
        outcome_is(str(called[1]["result"]))
        return called


def _call(
    effect: EffectRecord, opts: OutboxOptions, now: Callable[[], int]
) -> tuple[Outcome, Result]:
    connector = connectors.require(effect.connector)
    attempt = effect.dispatch_attempts
    max_attempts = effect.max_attempts or opts.max_attempts
    if effect.dispatch_claim_expires_at_ms and now() >= effect.dispatch_claim_expires_at_ms:
        # This call waited in the pool behind slower ones until its claim lapsed. From then on
        # the effect is not ours: a pass may have turned it UNKNOWN, the reconciler found it
        # absent and another dispatcher sent it, so calling now could book it twice. Not sent;
        # if the claim is still ours when the outcome is recorded, it is retried.
        error = {"type": "ClaimExpired", "message": "claim lapsed before the call; not sent"}
        return _failed(effect, attempt, max_attempts, error, True, 0, now)
    try:
        result = connectors.call_maybe_async(connector.dispatch, effect)
    except errors.DefinitelyNotApplied as exc:
        return _failed(effect, attempt, max_attempts, _describe(exc), True, 0, now)
    except Exception as exc:  # the connector itself broke: what happened upstream is unknown
        if effect.semantics == EffectSemantics.NON_IDEMPOTENT or isinstance(
            exc, errors.OutcomeUnknown
        ):
            return _unknown(effect, {"reason": "connector raised", **_describe(exc)})
        return _failed(effect, attempt, max_attempts, _describe(exc), True, 0, now)
    if result.status == "confirmed":
        response = {"external_ref": result.external_ref, **result.response}
        outcome = Outcome(
            effect.run_id,
            effect.idempotency_key,
            "confirmed",
            response_json=_dumps(response),
            external_ref=result.external_ref,
            compensate_kind=effect.compensate_kind,
            compensate_payload_json=_dumps(
                {**result.response, "external_ref": result.external_ref}
            ),
        )
        return outcome, _row(effect, PassOutcome.CONFIRMED, external_ref=result.external_ref)
    if result.status == "unknown":
        return _unknown(effect, result.error or {"reason": "ack lost"})
    return _failed(
        effect, attempt, max_attempts, result.error, result.retryable, result.retry_at_ms, now
    )


def _failed(
    effect: EffectRecord,
    attempt: int,
    max_attempts: int,
    error: dict[str, Any],
    retryable: bool,
    retry_at_ms: int,
    now: Callable[[], int],
) -> tuple[Outcome, Result]:
    if not retryable or attempt >= max_attempts:
        final = {"final": True, "attempts": attempt, "last": error}
        outcome = Outcome(effect.run_id, effect.idempotency_key, "failed", error=_dumps(final))
        return outcome, _row(effect, PassOutcome.FAILED, _dumps(error))
    next_at = retry_at_ms or now() + state.backoff_ms(attempt)
    outcome = Outcome(
        effect.run_id,
        effect.idempotency_key,
        "retry",
        error=_dumps(error),
        next_dispatch_at_ms=next_at,
    )
    return outcome, _row(
        effect, PassOutcome.RETRY_SCHEDULED, _dumps(error), next_dispatch_at_ms=next_at
    )


def _unknown(effect: EffectRecord, error: dict[str, Any]) -> tuple[Outcome, Result]:
    outcome = Outcome(effect.run_id, effect.idempotency_key, "unknown", error=_dumps(error))
    return outcome, _row(effect, PassOutcome.UNKNOWN, _dumps(error))


def _row(effect: EffectRecord, result: PassOutcome, reason: str = "", **extra: Any) -> Result:
    return pass_result.row(
        {
            "run_id": effect.run_id,
            "idempotency_key": effect.idempotency_key,
            "tool": effect.tool_name,
            "connector": effect.connector,
            "attempt": effect.dispatch_attempts,
        },
        result,
        reason,
        **extra,
    )


def _expired(effect: EffectRecord) -> Result:
    return _row(
        effect,
        PassOutcome.UNKNOWN,
        "dispatcher lost mid-call (claim expired); reconciler will observe",
    )


def _skipped(
    journal: Journal, opts: OutboxOptions, registered: list[str], worker: str
) -> list[Result]:
    if opts.connector and registered:
        return []
    waiting = journal.list_effects_to_dispatch(
        limit=50,
        connectors=[opts.connector] if opts.connector else None,
        exclude_connectors=registered,
    )
    _report_missing(journal, waiting, worker)
    return [
        _row(e, PassOutcome.SKIPPED, f"no connector registered: {e.connector!r}") for e in waiting
    ]


def _report_missing(journal: Journal, waiting: Sequence[EffectRecord], worker: str) -> None:
    """Mark each effect whose connector this process lacks, and say so at ERROR per connector.

    The mark is what ``tape status`` and ``tape doctor --live`` read; it is not a claim, so a
    worker that has the connector sends the effect as before and its outcome clears the mark.
    """
    by_connector: dict[str, list[EffectRecord]] = {}
    for effect in waiting:
        by_connector.setdefault(effect.connector, []).append(effect)
    for name, effects in by_connector.items():
        for effect in effects:
            try:
                journal.mark_connector_missing(
                    run_id=effect.run_id,
                    idempotency_key=effect.idempotency_key,
                    connector=name,
                    worker=worker,
                )
            except (errors.RemoteError, errors.InvalidArgument):
                # A tape server older than MarkConnectorMissing offers no mark, and an effect
                # with no connector name has nothing to mark: the ERROR line below says it.
                break
        if _loud(name):
            logger.error(
                "%d due effect(s) wait for connector %r, which worker %s does not register; "
                "no worker sends them until one does: %s",
                len(effects),
                name,
                worker,
                unregistered.HOW_TO_REGISTER,
                extra={
                    "action": "connector-missing",
                    "connector": name,
                    "run_id": effects[0].run_id,
                    "effect_key": effects[0].idempotency_key,
                },
            )


_loud_at: dict[str, float] = {}
_loud_lock = threading.Lock()


def _loud(connector: str) -> bool:
    """Whether the ERROR line about ``connector`` is due in this process (once per
    :data:`LOUD_EVERY_S`), so a pass every second does not flood the log."""
    now = time.monotonic()
    with _loud_lock:
        last = _loud_at.get(connector)
        if last is not None and now - last < LOUD_EVERY_S:
            return False
        _loud_at[connector] = now
        return True


def _describe(exc: BaseException) -> dict[str, Any]:
    # Class and message only: connectors keep secrets out of their messages, and a traceback
    # could quote request headers.
    return {"type": type(exc).__name__, "message": str(exc)[:2000]}


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


_pools: dict[int, ThreadPoolExecutor] = {}
_pool_pid = 0
_pool_lock = threading.Lock()


def _executor(size: int) -> ThreadPoolExecutor:
    """One thread pool per process (new ones in a forked child) and per ``concurrency``, so a
    pass never runs more calls at once than its options allow."""
    global _pool_pid
    size = max(1, size)
    with _pool_lock:
        if _pool_pid != os.getpid():
            _pools.clear()  # the parent's threads do not exist in this child
            _pool_pid = os.getpid()
        pool = _pools.get(size)
        if pool is None:
            pool = _pools[size] = ThreadPoolExecutor(
                max_workers=size, thread_name_prefix="tape-dispatch"
            )
        return pool
