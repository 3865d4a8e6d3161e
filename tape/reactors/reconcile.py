"""The reconcile pass: ask the upstream what happened to effects whose outcome is unknown.

One pass claims due effects (UNKNOWN ones, and PENDING INLINE ones older than
``pending_after_ms``: their agent crashed mid-call), each for this reconciler alone, and asks,
in order, whoever can look at the upstream:

1. the connector's ``observe()``, when the connector is registered here and can observe
   (:func:`tape.connectors.can_observe`; an ``HTTPConnector`` without ``observe_endpoint``
   cannot);
2. the tool's registered status check (:func:`tape.registry.register_status_check`), also
   when the connector's answer was inconclusive (``stuck``) or ``unobservable``.

It then records what it saw (docs/design.md decision 4, docs/reconciler.md), per semantics:

=================================  ===============================  ===========================
the look found                     the effect lands at              next step
=================================  ===============================  ===========================
``confirmed`` / ``present``        CONFIRMED                        done
``absent`` (seen at the upstream)  PENDING                          the outbox sends it again,
                                                                    after a settle window past
                                                                    the last attempt's timeout
``duplicate``                      CONFIRMED + an obligation        compensation reverses the
                                                                    extra
``failed``                         FAILED                           done
``stuck`` / ``inconclusive``, or   UNKNOWN, marked stuck; the run   an operator resolves it
the observer raised                goes STUCK                       (``tape resolve``), or a
                                                                    re-observation on a slow
                                                                    capped backoff settles it
nobody can look (``unobservable``,
no observer, no status check):
- NON_IDEMPOTENT                   UNKNOWN, marked stuck; the run   an operator resolves it:
                                   goes STUCK                       never re-sent on a guess
- IDEMPOTENT (and others)          PENDING                          re-sent with the same
                                                                    idempotency key (STUCK
                                                                    once its attempts are used)
=================================  ===============================  ===========================

A re-observation that settles a stuck effect releases its STUCK run in the same transaction
(RUNNABLE: recovery re-drives it) unless another stuck effect or a STUCK obligation still
holds it (:mod:`tape.store.release`): the run continues by itself.

Only an ``absent`` someone saw makes a NON_IDEMPOTENT effect dispatchable again; the store
refuses any other (:class:`~tape.errors.ObservationRequired`). Every stuck outcome is journaled
(``observed-stuck``, the run STUCK) and logged at ERROR with ``action=effect-stuck``; a later
look that settles it is logged at WARNING with ``action=effect-unstuck``.

An INLINE effect still PENDING that is observed ``absent`` (or that nobody can observe) stays
PENDING and untouched: the agent never got as far as the call, and re-driving the run makes
it. (An INLINE effect that is UNKNOWN goes back to PENDING like any other; re-drive redoes it,
as it is IDEMPOTENT.)

A status check returns a bool (found or not), or a dict with ``status`` (the statuses above),
``count`` (0 absent, 1 confirmed, more duplicate) or ``found`` (default true), and optionally
``result``: the upstream's record of the call. The dict (without ``result``) is journaled as
the observation.

One result shape (:mod:`tape.reconciled`): an effect confirmed by a look records as its
response the upstream's record (``ObservationResult.result``, a status check's ``result``), the
same shape as the normal path's answer; when the look only says that the call happened, the
response is a marker the agent gets as a :class:`tape.Reconciled`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from tape import connectors, errors, pass_result, reconciled, registry
from tape.connectors import ObservationResult
from tape.enums import DispatchMode, EffectResolution, EffectSemantics, EffectStatus
from tape.journal import Journal
from tape.observability import tracing
from tape.pass_result import PassOutcome, PassResult
from tape.records import EffectRecord
from tape.store.dispatch import DEFAULT_MAX_ATTEMPTS

logger = logging.getLogger(__name__)

Result = PassResult


@dataclass(frozen=True)
class ReconcileOptions:
    """How one reconcile pass behaves.

    Attributes:
        limit: most effects claimed per pass.
        lease_ms: how long a claim keeps other reconcilers off an effect.
        pending_after_ms: age after which a PENDING INLINE effect is observed; 0 never.
        concurrency: observations in flight at once.
    """

    limit: int = 200
    lease_ms: int = 60_000
    pending_after_ms: int = 600_000
    concurrency: int = 8


def run_once(journal: Journal, options: ReconcileOptions | None = None) -> list[Result]:
    """One reconcile pass; returns one result dict per effect it claimed."""
    opts = options or ReconcileOptions()
    claimed = journal.claim_effects_to_reconcile(
        limit=opts.limit, lease_ms=opts.lease_ms, pending_older_than_ms=opts.pending_after_ms
    )
    if len(claimed) <= 1 or opts.concurrency <= 1:
        return [reconcile_one(journal, e, claim=False) for e in claimed]
    with ThreadPoolExecutor(max_workers=min(opts.concurrency, len(claimed))) as pool:
        return list(pool.map(lambda e: reconcile_one(journal, e, claim=False), claimed))


@tracing.run_span("tape.reconcile_effect")
def reconcile_one(
    journal: Journal, effect: EffectRecord, *, claim: bool = True, lease_ms: int = 60_000
) -> Result:
    """Observe one effect and record what was seen.

    Args:
        journal: the journal.
        effect: the effect (a ``reconcile`` timer's, or one a pass claimed).
        claim: claim the effect first (CAS), so a concurrent pass does not observe it too;
            an effect that is settled, owned by the dispatcher, or being observed (or backing
            off after a stuck observation) is then skipped. ``run_once`` already holds it.
        lease_ms: the claim's lease.

    Returns:
        ``{"run_id", "idempotency_key", "tool", "connector", "result", ...}`` where ``result``
        is the status the effect landed at (``confirmed``, ``pending``, ``failed``,
        ``unknown`` with ``stuck: true``), or ``left-pending``, ``skipped`` or ``lost-race``;
        ``observed`` is what the look found and ``observed_by`` who looked (``connector``,
        ``status_check`` or ``nobody``).
    """
    if claim:
        held = journal.claim_effect_to_reconcile(
            run_id=effect.run_id, idempotency_key=effect.idempotency_key, lease_ms=lease_ms
        )
        if held is None:
            return _row(
                effect, PassOutcome.SKIPPED, reason="not observable now (settled or being observed)"
            )
        effect = held
    seen = _observe(effect)
    observation = seen.result
    nobody_looked = observation.status == "unobservable"
    if effect.status == EffectStatus.PENDING and (observation.status == "absent" or nobody_looked):
        # Still PENDING inline: the agent never got to the call; re-drive makes it.
        return _row(effect, PassOutcome.LEFT_PENDING, observed=observation.status)
    resolution = observation.resolution  # unobservable: STUCK, unless it may be re-sent
    if nobody_looked and _may_resend_unobserved(effect):
        resolution = EffectResolution.ABSENT
    response: Any = observation.response or None
    details: Any = None
    if resolution in (EffectResolution.CONFIRMED, EffectResolution.DUPLICATE):
        # One result shape (tape.reconciled): the upstream's record when the look found it,
        # else a marker the agent gets as tape.Reconciled, never the look's own details.
        details = observation.response or None
        response = observation.result
        if response is None:
            response = reconciled.marker(
                seen.observed_by, observation.external_ref, observation.response
            )
    try:
        moved = journal.record_external_observation(
            run_id=effect.run_id,
            idempotency_key=effect.idempotency_key,
            resolution=resolution,
            external_ref=observation.external_ref,
            response_json=response,
            compensate_on_duplicate_kind=effect.compensate_kind,
            observed_by=seen.observed_by,
            observation_json=details,
        )
    except errors.ObservationRequired:
        raise  # a bug here, not a race: never report it as one
    except errors.IllegalTransition as exc:  # the dispatcher or an operator settled it first
        current = exc.current
        status = current.status.name if isinstance(current, EffectRecord) else "moved"
        return _row(
            effect, PassOutcome.LOST_RACE, observed=observation.status, reason=f"now {status}"
        )
    row = _row(
        moved,
        PassOutcome(moved.status.name.lower()),
        observed=observation.status,
        observed_by=seen.observed_by or "nobody",
    )
    if resolution != EffectResolution.STUCK and effect.stuck_at_ms:
        # The operator was told it was stuck: tell them it no longer is (its run goes on).
        logger.warning(
            "stuck effect settled by a later observation (%s); its run continues unless "
            "something else holds it",
            observation.status,
            extra={
                "action": "effect-unstuck",
                "run_id": effect.run_id,
                "effect_key": effect.idempotency_key,
                "tool": effect.tool_name,
                "observed": observation.status,
            },
        )
    if resolution == EffectResolution.STUCK:
        row["stuck"] = True
        logger.error(
            "effect outcome cannot be known: the effect stays UNKNOWN (stuck) and its run is "
            "STUCK until a later observation settles it or an operator runs `tape resolve`",
            extra={
                "action": "effect-stuck",
                "run_id": effect.run_id,
                "effect_key": effect.idempotency_key,
                "tool": effect.tool_name,
                "connector": effect.connector,
                "semantics": effect.semantics.name,
                "reason": str(observation.response.get("reason", ""))[:500],
            },
        )
    return row


@dataclass(frozen=True)
class Seen:
    """What a look at the upstream found, and who looked (``connector``, ``status_check``, or
    "" when nobody could)."""

    result: ObservationResult
    observed_by: str


def _may_resend_unobserved(effect: EffectRecord) -> bool:
    """Whether an effect nobody can observe may be sent again with its idempotency key:
    never a NON_IDEMPOTENT one, nor one that has used its attempts (a human looks then)."""
    if effect.semantics == EffectSemantics.NON_IDEMPOTENT:
        return False
    limit = effect.max_attempts or DEFAULT_MAX_ATTEMPTS
    return effect.dispatch_mode != DispatchMode.OUTBOX or effect.dispatch_attempts < limit


def _observe(effect: EffectRecord) -> Seen:
    """Ask whoever can look, in order: the connector's ``observe()`` (when it can observe),
    then the tool's status check. The first conclusive answer wins; otherwise ``stuck`` if
    someone looked but could not tell, ``unobservable`` if nobody could look. Never raises:
    an observer that raised is an inconclusive look."""
    name = effect.connector
    connector = connectors.get(name) if name else None
    answers: dict[str, ObservationResult] = {}
    if connector is not None and connectors.can_observe(connector):
        answer = _ask(lambda: _checked(connectors.call_maybe_async(connector.observe, effect)))
        if answer.conclusive:
            return Seen(answer, "connector")
        answers["connector"] = answer
    check = registry.get_status_check(effect.tool_name)
    if check is not None:
        answer = _ask(lambda: _from_check(connectors.call_maybe_async(check, effect)))
        if answer.conclusive:
            return Seen(answer, "status_check")
        answers["status_check"] = answer
    looked = any(a.status == "stuck" for a in answers.values())
    if len(answers) == 1 and looked:
        return Seen(next(iter(answers.values())), "")  # one inconclusive look: as it said
    prefix = "the upstream could not tell: " if looked else "nobody can observe: "
    response: dict[str, Any] = {"reason": prefix + _who_could_not(effect, connector, answers)}
    for who, answer in answers.items():
        response[who] = {"status": answer.status, **answer.response}
    return Seen(ObservationResult("stuck" if looked else "unobservable", response=response), "")


def _who_could_not(
    effect: EffectRecord, connector: object, answers: Mapping[str, ObservationResult]
) -> str:
    """Why no look settled it, for the journal and the operator's log line."""
    name, tool = effect.connector, effect.tool_name
    if "connector" in answers:
        by_connector = f"connector {name!r} answered {answers['connector'].status}"
    elif not name:
        by_connector = "no connector"
    elif connector is None:
        by_connector = f"connector {name!r} is not registered in this process"
    else:
        by_connector = f"connector {name!r} cannot observe"
    if "status_check" in answers:
        by_check = f"the status check of {tool!r} answered {answers['status_check'].status}"
    else:
        by_check = f"no status check registered for {tool!r}"
    return f"{by_connector}; {by_check}"


def _checked(result: Any) -> ObservationResult:
    if not isinstance(result, ObservationResult):
        raise TypeError(f"observe() returned {type(result).__name__}")
    return result


def _ask(look: Callable[[], ObservationResult]) -> ObservationResult:
    try:
        return look()
    except Exception as exc:
        # Class and message only: a traceback could quote request headers.
        return ObservationResult(
            "stuck",
            response={
                "reason": "observe raised",
                "type": type(exc).__name__,
                "message": str(exc)[:500],
            },
        )


def _from_check(found: Any) -> ObservationResult:
    """Map a status check's answer (bool, or dict with status / count / found)."""
    if isinstance(found, bool):
        return ObservationResult("confirmed" if found else "absent")
    if not isinstance(found, Mapping):
        raise TypeError(f"status check returned {type(found).__name__}, not a bool or dict")
    answer = dict(found)
    result = answer.pop("result", None)  # the upstream's record: the tool's result
    ref = str(answer.get("external_ref", "") or "")
    if answer.get("status") is not None:
        return ObservationResult(answer["status"], ref, answer, result=result)
    if answer.get("count") is not None:
        count = int(answer["count"])
        status = "absent" if count == 0 else "confirmed" if count == 1 else "duplicate"
        return ObservationResult(status, ref, answer, result=result)
    status = "confirmed" if answer.get("found", True) else "absent"
    return ObservationResult(status, ref, answer, result=result)


def _row(effect: EffectRecord, result: PassOutcome, **extra: Any) -> Result:
    return pass_result.row(
        {
            "run_id": effect.run_id,
            "idempotency_key": effect.idempotency_key,
            "tool": effect.tool_name,
            "connector": effect.connector,
            "inline": effect.dispatch_mode != DispatchMode.OUTBOX,
        },
        result,
        **extra,
    )
