"""The compensation pass: run the inverses tape owes, once each, with retries.

A compensation is owed only when a run is undone. An effect confirmed in the normal course
owes its inverse *held*: nothing undoes it while its run goes on, nor after the run ends
(TERMINAL, or FAILED / CANCELLED without :func:`compensate_run`). It becomes due when its run
is compensated (the run is COMPENSATING). A duplicate observation's extra and an operator's
``tape resolve --compensate`` are due at once.

One pass lists the obligations a drainer may work on (PENDING, past their backoff and due, or
COMMITTED with an expired claim: their drainer died), newest first within each run (LIFO: the
last effect is undone first), and for each one:

1. claims it by compare-and-swap (a lost claim means another drainer has it: skipped);
2. finds its inverse, only among what this process registered in code (journal data never
   names code: README "Security"): the compensator its ``compensator_ref`` names when it has
   one, else the compensator registered for its ``kind``
   (:func:`tape.registry.register_compensator`), else the ``compensate(obligation)`` of its
   effect's connector;
3. calls it outside any transaction (``fn(**payload)``, or ``connector.compensate(ob)``);
4. records the outcome:

   ======================  ==============================================================
   the inverse             the obligation becomes
   ======================  ==============================================================
   returned (compensator)  COMPENSATED, ``result_json`` = the return value
   ``compensated``         COMPENSATED, ``result_json`` = the connector's response
   raised / ``failed``     PENDING again after ``min(5 s * 2^(n-1), 300 s)`` (upstream Tape's
                           embedded backoff: inverses hit upstreams that are often down for
                           minutes, so it is slower than dispatch's); STUCK with the last
                           error once ``max_attempts`` are used
   none found              STUCK at once: ``{"error": "no compensator registered for 'k'"}``
   ``compensator_ref``     STUCK at once, with an ERROR log line: an import path
   unknown                 (``module:attr``, as older journals stored) is never imported,
                           and a name this worker did not register is never guessed at
   ======================  ==============================================================

An inverse runs at least once: a drainer killed mid-call leaves its claim to expire
(``lease_ms``), and the next pass calls the inverse again. Inverses must therefore be
idempotent, and the claim lease must outlast the slowest inverse.

Then the pass ends each COMPENSATING run with nothing left to do (its ``compensate_run``
stopped part-way) as the saga would have: STUCK if any obligation is STUCK, else FAILED
(detail ``settled_by: compensation-pass``).

:func:`compensate_run` is upstream Tape's synchronous saga for one run.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tape import connectors, errors, pass_result, registry, state
from tape.config import default_claimer
from tape.connectors import CompensationResult
from tape.enums import ObligationStatus, RunStatus
from tape.journal import Journal
from tape.observability import tracing
from tape.pass_result import PassOutcome, PassResult
from tape.records import ObligationRecord, RunState

logger = logging.getLogger(__name__)

Result = PassResult
#: How a compensated run ends.
_SETTLED = frozenset({RunStatus.FAILED, RunStatus.STUCK})
#: An inverse bound to its obligation: returns (compensated?, result or error).
Inverse = Callable[[], tuple[bool, Any]]


@dataclass(frozen=True)
class CompensateOptions:
    """How one compensation pass behaves."""

    claimer: str = ""
    limit: int = 200
    lease_ms: int = 60_000
    backoff_base_ms: int = 5_000
    backoff_cap_ms: int = 300_000


def run_once(journal: Journal, options: CompensateOptions | None = None) -> list[Result]:
    """One compensation pass; returns one result dict per obligation it looked at."""
    opts = options or CompensateOptions()
    claimer = opts.claimer or default_claimer()
    listed = journal.list_unresolved_obligations(
        limit=opts.limit, include_pending=True, include_committed_expired=True
    )
    results = [_drain_one(journal, ob, claimer, opts) for ob in lifo(listed)]
    journal.settle_compensating_runs(limit=opts.limit)
    return results


def lifo(obligations: list[ObligationRecord]) -> list[ObligationRecord]:
    """Newest first within each run; runs in the order they were listed (most overdue first)."""
    by_run: dict[str, list[ObligationRecord]] = {}
    for ob in obligations:
        by_run.setdefault(ob.run_id, []).append(ob)
    return [ob for group in by_run.values() for ob in sorted(group, key=lambda o: -o.seq)]


def find_inverse(journal: Journal, ob: ObligationRecord) -> Inverse | None:
    """The inverse of ``ob`` bound to it, or None when nothing can undo it.

    Raises:
        UnknownCompensator: ``ob.compensator_ref`` is not a compensator this process
            registered (an import path is refused, never imported).
    """
    if ob.compensator_ref:
        fn: Callable[..., Any] | None = registry.require_compensator(ob.compensator_ref)
    else:
        fn = registry.get_compensator(ob.kind)
    if fn is not None:
        payload = json.loads(ob.payload_json or "{}")
        kwargs = payload if isinstance(payload, dict) else {"payload": payload}
        return functools.partial(_call_compensator, fn, kwargs)
    effect = journal.get_effect(run_id=ob.run_id, idempotency_key=ob.effect_key)
    connector = connectors.get(effect.connector) if effect and effect.connector else None
    if connector is None or not callable(getattr(connector, "compensate", None)):
        return None
    return functools.partial(_call_connector, connector, ob)


def _inverse_or_refusal(
    journal: Journal, ob: ObligationRecord
) -> tuple[Inverse | None, dict[str, str]]:
    """The inverse of ``ob``, or None and the error that sends it STUCK at once."""
    try:
        inverse = find_inverse(journal, ob)
    except errors.UnknownCompensator as exc:
        # Stored by an old journal or written around the API: a human must decide.
        logger.error(
            "obligation %s:%s refused: %s",
            ob.run_id,
            ob.seq,
            exc,
            extra={
                "action": "compensator-ref-refused",
                "run_id": ob.run_id,
                "obligation_seq": ob.seq,
                "kind": ob.kind,
                "ref": ob.compensator_ref[:120],
            },
        )
        return None, {"error": str(exc), "type": type(exc).__name__}
    if inverse is None:
        return None, {"error": f"no compensator registered for {ob.kind!r}"}
    return inverse, {}


def _call_compensator(fn: Callable[..., Any], kwargs: dict[str, Any]) -> tuple[bool, Any]:
    return True, connectors.call_maybe_async(functools.partial(fn, **kwargs))


def _call_connector(connector: Any, ob: ObligationRecord) -> tuple[bool, Any]:
    result = connectors.call_maybe_async(connector.compensate, ob)
    if not isinstance(result, CompensationResult):
        raise TypeError(f"{type(connector).__name__}.compensate returned {type(result).__name__}")
    if result.status == "compensated":
        return True, result.response
    return False, result.error or {"reason": "connector reported failed"}


@tracing.run_span("tape.compensate")
def _drain_one(
    journal: Journal, ob: ObligationRecord, claimer: str, opts: CompensateOptions
) -> Result:
    claim = journal.claim_obligation(
        run_id=ob.run_id, obligation_seq=ob.seq, claimer=claimer, lease_ttl_ms=opts.lease_ms
    )
    if not claim.acquired:
        return _row(claim.obligation, PassOutcome.SKIPPED, "claimed elsewhere or no longer due")
    ob = claim.obligation
    inverse, refusal = _inverse_or_refusal(journal, ob)
    if inverse is None:
        return _failed(journal, ob, claimer, refusal, next_attempt_at_ms=0)
    try:
        ok, value = inverse()
    except Exception as exc:  # the inverse broke: retry it later, with its error on record
        ok, value = False, _describe(exc)
    if not ok:
        attempt = ob.attempts + 1
        delay = state.backoff_ms(attempt, base_ms=opts.backoff_base_ms, cap_ms=opts.backoff_cap_ms)
        return _failed(
            journal, ob, claimer, value, next_attempt_at_ms=journal.database.now_ms() + delay
        )
    resolved = journal.resolve_obligation(
        run_id=ob.run_id,
        obligation_seq=ob.seq,
        status=ObligationStatus.COMPENSATED,
        result_json=_dumps(value),
    )
    return _row(resolved, PassOutcome.COMPENSATED)


def _failed(
    journal: Journal,
    ob: ObligationRecord,
    claimer: str,
    error: Any,
    *,
    next_attempt_at_ms: int,
) -> Result:
    text = _dumps(error)
    try:
        after = journal.record_obligation_attempt(
            run_id=ob.run_id,
            obligation_seq=ob.seq,
            error=text,
            next_attempt_at_ms=next_attempt_at_ms,
            claimer=claimer,
        )
    except errors.IllegalTransition as exc:
        # Our claim expired while the inverse ran and another drainer took it over.
        return _row(exc.current or ob, PassOutcome.LOST_RACE, text)
    if after.status == ObligationStatus.STUCK:
        _log_stuck(after)
        return _row(after, PassOutcome.STUCK, text)
    return _row(
        after, PassOutcome.RETRY_SCHEDULED, text, next_attempt_at_ms=after.next_attempt_at_ms
    )


def _log_stuck(ob: ObligationRecord) -> None:
    logger.error(
        "obligation STUCK; a human must compensate it (tape resolve --obligation %s:%s)",
        ob.run_id,
        ob.seq,
        extra={
            "action": "obligation-stuck",
            "run_id": ob.run_id,
            "obligation_seq": ob.seq,
            "kind": ob.kind,
            "effect_key": ob.effect_key,
            "attempts": ob.attempts,
            "error": ob.last_error[:500],
        },
    )


def compensate_run(journal: Journal, run_id: str, *, claimer: str = "") -> dict[str, Any]:
    """Undo a run now (upstream Tape's saga): every unresolved obligation, newest first, once.

    The run goes COMPENSATING, which makes its held obligations due (a crash from here on is
    finished by the compensation pass), then each inverse runs once, inline and outbox
    effects' alike in one newest-first order: COMPENSATED, or STUCK with its error (or ``no
    compensator registered``). The run ends STUCK if any is stuck, else FAILED, with detail
    ``{"compensated": [kinds], "stuck": [kinds]}``. An obligation another drainer holds under a
    live claim is left to it and listed under ``in_flight`` (that drainer ends the run if it
    settles the last one).

    Args:
        journal: the journal.
        run_id: the run to undo.
        claimer: recorded on the claims (default ``compensate_run:<host>:<pid>``).

    Returns:
        The detail written on the run.

    Raises:
        CompensationStuck: some obligation is STUCK; the run needs a human.
        RunNotFound, IllegalTransition: the run is missing or cannot compensate (TERMINAL,
            CANCELLED).
    """
    who = claimer or f"compensate_run:{default_claimer()}"
    journal.end_run(run_id=run_id, status=RunStatus.COMPENSATING)
    detail: dict[str, list[str]] = {"compensated": [], "stuck": [], "in_flight": []}
    for ob in journal.list_obligations(run_id=run_id, only_unresolved=True):
        claim = journal.claim_obligation_now(run_id=run_id, obligation_seq=ob.seq, claimer=who)
        if not claim.acquired:
            detail["in_flight"].append(ob.kind)
            continue
        inverse, refusal = _inverse_or_refusal(journal, ob)
        if inverse is None:
            ok, value = False, refusal
        else:
            try:
                ok, value = inverse()
            except Exception as exc:
                ok, value = False, {"error": str(exc)[:2000], "type": type(exc).__name__}
        status = ObligationStatus.COMPENSATED if ok else ObligationStatus.STUCK
        after = journal.resolve_obligation(
            run_id=run_id, obligation_seq=ob.seq, status=status, result_json=_dumps(value)
        )
        detail["compensated" if ok else "stuck"].append(ob.kind)
        if not ok:
            _log_stuck(after)
    if not detail["in_flight"]:
        del detail["in_flight"]
    end = RunStatus.STUCK if detail["stuck"] else RunStatus.FAILED
    try:
        journal.end_run(run_id=run_id, status=end, detail_json=detail)
    except errors.IllegalTransition as exc:
        # A compensation pass settled the run's last in-flight obligation and ended it first.
        if not isinstance(exc.current, RunState) or exc.current.status not in _SETTLED:
            raise
    if detail["stuck"]:
        raise errors.CompensationStuck(
            f"compensation stuck for {run_id}: {detail['stuck']} — needs a human",
            run_id=run_id,
            stuck=detail["stuck"],
        )
    return dict(detail)


def _row(ob: ObligationRecord, result: PassOutcome, reason: str = "", **extra: Any) -> Result:
    return pass_result.row(
        {
            "run_id": ob.run_id,
            "obligation_seq": ob.seq,
            "kind": ob.kind,
            "attempts": ob.attempts,
        },
        result,
        reason,
        **extra,
    )


def _describe(exc: BaseException) -> dict[str, Any]:
    # Class and message only: a traceback could quote the payload or request headers.
    return {"type": type(exc).__name__, "message": str(exc)[:2000]}


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)
