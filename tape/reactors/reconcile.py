"""The reconcile pass: ask the upstream what happened to effects whose outcome is unknown.

One pass claims due effects (UNKNOWN ones, and PENDING INLINE ones older than
``pending_after_ms``: their agent crashed mid-call), each for this reconciler alone, observes
each through its connector's ``observe()``, else the tool's registered status check
(:func:`tape.registry.register_status_check`), and records what it saw (DESIGN decision 4,
``seeds/003``):

=================================  ===============================  ===========================
``observe()`` returns              the effect lands at              next step
=================================  ===============================  ===========================
``confirmed`` / ``present``        CONFIRMED                        done
``absent``                         PENDING                          the outbox sends it again,
                                                                    after a settle window past
                                                                    the last attempt's timeout
``duplicate``                      CONFIRMED + an obligation        compensation reverses the
                                                                    extra
``failed``                         FAILED                           done
``stuck`` / ``inconclusive``, or   UNKNOWN, marked stuck; the run   an operator resolves it
``observe()`` raised               goes STUCK                       (``tape resolve``); it is
                                                                    re-observed on a slow
                                                                    capped backoff meanwhile
=================================  ===============================  ===========================

An INLINE effect still PENDING that is observed ``absent`` stays PENDING and untouched: the
agent never got as far as the call, and re-driving the run makes it. (An INLINE effect that
is UNKNOWN goes back to PENDING like any other; re-drive redoes it, as it is IDEMPOTENT.)

A status check returns a bool (found or not), or a dict with ``status`` (the statuses above),
``count`` (0 absent, 1 confirmed, more duplicate) or ``found`` (default true); the dict is
recorded as the observation's response. Effects with neither an observer nor a check are
skipped; their claim lapses and they are looked at again later.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from tape import connectors, errors, registry
from tape.connectors import ObservationResult
from tape.enums import DispatchMode, EffectStatus
from tape.journal import Journal
from tape.records import EffectRecord

logger = logging.getLogger(__name__)

Result = dict[str, Any]


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
        ``unknown`` with ``stuck: true``), or ``left-pending``, ``skipped`` or ``lost-race``.
    """
    if claim:
        held = journal.claim_effect_to_reconcile(
            run_id=effect.run_id, idempotency_key=effect.idempotency_key, lease_ms=lease_ms
        )
        if held is None:
            return _row(effect, "skipped", reason="not observable now (settled or being observed)")
        effect = held
    observation = _observe(effect)
    if observation is None:
        return _row(effect, "skipped", reason="no connector observe() and no status check")
    if observation.status == "absent" and effect.status == EffectStatus.PENDING:
        # Still PENDING inline: the agent never got to the call; re-drive makes it.
        return _row(effect, "left-pending", observed="absent")
    try:
        moved = journal.record_external_observation(
            run_id=effect.run_id,
            idempotency_key=effect.idempotency_key,
            resolution=observation.resolution,
            external_ref=observation.external_ref,
            response_json=observation.response or None,
            compensate_on_duplicate_kind=effect.compensate_kind,
        )
    except errors.IllegalTransition as exc:  # the dispatcher or an operator settled it first
        current = exc.current
        status = current.status.name if isinstance(current, EffectRecord) else "moved"
        return _row(effect, "lost-race", observed=observation.status, reason=f"now {status}")
    row = _row(moved, moved.status.name.lower(), observed=observation.status)
    if observation.status == "stuck":
        row["stuck"] = True
        logger.error(
            "effect outcome cannot be known: the effect stays UNKNOWN (stuck) and its run is "
            "STUCK until an operator runs `tape resolve`",
            extra={
                "action": "effect-stuck",
                "run_id": effect.run_id,
                "effect_key": effect.idempotency_key,
                "tool": effect.tool_name,
                "connector": effect.connector,
                "reason": observation.response.get("reason", ""),
            },
        )
    return row


def _observe(effect: EffectRecord) -> ObservationResult | None:
    """What the upstream says, or None when nothing can ask it. Never raises: an observer
    that raised is an inconclusive observation."""
    connector = connectors.get(effect.connector) if effect.connector else None
    check = registry.get_status_check(effect.tool_name)
    if connector is None and check is None:
        return None
    try:
        if connector is not None:
            result = connectors.call_maybe_async(connector.observe, effect)
            if not isinstance(result, ObservationResult):
                raise TypeError(f"observe() returned {type(result).__name__}")
            return result
        assert check is not None
        return _from_check(connectors.call_maybe_async(check, effect))
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
    ref = str(answer.get("external_ref", "") or "")
    if answer.get("status") is not None:
        return ObservationResult(answer["status"], external_ref=ref, response=answer)
    if answer.get("count") is not None:
        count = int(answer["count"])
        status = "absent" if count == 0 else "confirmed" if count == 1 else "duplicate"
        return ObservationResult(status, external_ref=ref, response=answer)
    status = "confirmed" if answer.get("found", True) else "absent"
    return ObservationResult(status, external_ref=ref, response=answer)


def _row(effect: EffectRecord, result: str, **extra: Any) -> Result:
    row: Result = {
        "run_id": effect.run_id,
        "idempotency_key": effect.idempotency_key,
        "tool": effect.tool_name,
        "connector": effect.connector,
        "inline": effect.dispatch_mode != DispatchMode.OUTBOX,
        "result": result,
    }
    row.update(extra)
    return row
