"""The timer pass: act on due durable timers, at least once (docs/design.md decision 7).

One pass claims the due timers (a lease per timer, so two passes never get the same one),
runs each one's action, then marks it fired. An action that raises leaves its timer claimed
until the lease expires; a later pass claims it again and retries. Actions must therefore be
idempotent, and the built-in ones are:

==================  ======================================================================
kind                action
==================  ======================================================================
``gate_timeout``    payload ``{gate, resolution}``: deliver ``{"timed_out": true,
                    **resolution}`` to the gate. The first delivery wins, so a timeout that
                    fires after a human answered is harmlessly rejected.
``redrive``         the run becomes RUNNABLE and recovery re-drives it (nothing happens when
                    its lease holder is driving it, or it is over).
``reconcile``       payload ``{idempotency_key}``: ask the upstream about that effect now
                    (:func:`tape.reactors.reconcile.reconcile_one`). While the reconciler is
                    unavailable the timer is left to retry.
``deadline``        the run's deadline: undo the run if it is still going (cancelled,
                    compensated, ended CANCELLED with ``reason: "deadline"``); nothing on a
                    finished run (:mod:`tape.reactors.deadlines`).
anything else       the handler registered with :func:`tape.registry.register_timer_handler`
                    (``fn(journal, timer) -> str``); with none, the timer is fired and
                    reported ``ignored`` (a warning is logged).
==================  ======================================================================

A handler registered for a built-in kind replaces the built-in action.
"""

from __future__ import annotations

import importlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from tape import errors, pass_result, registry
from tape.config import default_claimer
from tape.enums import EffectStatus
from tape.journal import Journal
from tape.pass_result import PassOutcome, PassResult
from tape.reactors import deadlines
from tape.records import TimerRecord

logger = logging.getLogger(__name__)

Result = PassResult


class _RetryLater(Exception):
    """The action cannot run yet: leave the timer claimed so it is retried after its lease."""


@dataclass(frozen=True)
class TimerOptions:
    """How one timer pass behaves."""

    claimer: str = ""
    limit: int = 200
    lease_ms: int = 60_000


def run_once(journal: Journal, options: TimerOptions | None = None) -> list[Result]:
    """One timer pass; returns one result dict per timer it claimed."""
    opts = options or TimerOptions()
    claimer = opts.claimer or default_claimer()
    due = journal.list_due_timers(
        limit=opts.limit, claim=True, claimer=claimer, lease_ttl_ms=opts.lease_ms
    )
    return [_fire(journal, timer, claimer) for timer in due]


def _fire(journal: Journal, timer: TimerRecord, claimer: str) -> Result:
    handler = registry.get_timer_handler(timer.kind) or _BUILTIN.get(timer.kind)
    try:
        if handler is None:
            logger.warning(
                "no handler for timer kind %r; firing it without an action",
                timer.kind,
                extra={"action": "timer-ignored", "run_id": timer.run_id, "kind": timer.kind},
            )
            outcome = f"ignored: no handler for {timer.kind!r}"
        else:
            outcome = str(handler(journal, timer))
    except _RetryLater as exc:
        return _row(timer, PassOutcome.RETRY_LATER, str(exc))
    except Exception as exc:  # at least once: the claim expires and a later pass retries
        logger.warning(
            "timer action failed; it is retried when its claim expires",
            exc_info=True,
            extra={"action": "timer-failed", "run_id": timer.run_id, "kind": timer.kind},
        )
        return _row(timer, PassOutcome.ERROR, f"{type(exc).__name__}: {str(exc)[:500]}")
    try:
        journal.mark_timer_fired(run_id=timer.run_id, timer_id=timer.timer_id, claimer=claimer)
    except errors.IllegalTransition:
        # Our claim expired mid-action and another pass took the timer: it acts again.
        return _row(timer, PassOutcome.LOST_RACE, outcome)
    except errors.TimerNotFound:
        return _row(timer, PassOutcome.CANCELLED, outcome)
    return _row(timer, PassOutcome.FIRED, outcome)


def _payload(timer: TimerRecord) -> dict[str, Any]:
    value = json.loads(timer.payload_json or "{}")
    return value if isinstance(value, dict) else {}


def gate_timeout(journal: Journal, timer: TimerRecord) -> str:
    """Deliver ``{"timed_out": true, **resolution}`` to the timer's gate (first one wins)."""
    payload = _payload(timer)
    gate = str(payload.get("gate") or "")
    if not gate:
        return "ignored: gate_timeout payload has no gate"
    resolution = payload.get("resolution") or {}
    if not isinstance(resolution, dict):
        resolution = {"resolution": resolution}
    sent = journal.send_signal(
        run_id=timer.run_id, gate_name=gate, resolution_json={**resolution, "timed_out": True}
    )
    if not sent.accepted:
        return f"not signalled {gate}: it was already resolved"
    return f"signalled {gate} (timeout)"


def redrive(journal: Journal, timer: TimerRecord) -> str:
    """Make the timer's run RUNNABLE so recovery re-drives it."""
    moved, run = journal.request_redrive(run_id=timer.run_id, reason=f"timer {timer.timer_id}")
    if moved:
        return "re-drive requested"
    if run is None:
        return "ignored: no such run"
    return f"not re-driven: run is {run.status.name}"


def reconcile(journal: Journal, timer: TimerRecord) -> str:
    """Reconcile the effect named by ``idempotency_key`` now."""
    payload = _payload(timer)
    key = str(payload.get("idempotency_key") or payload.get("key") or "")
    effect = journal.get_effect(run_id=timer.run_id, idempotency_key=key) if key else None
    if effect is None:
        return f"ignored: no effect {key!r}"
    if effect.status not in (EffectStatus.PENDING, EffectStatus.UNKNOWN):
        return f"ignored: effect is {effect.status.name}"
    try:
        # Imported when needed: the reconciler is an optional, separately built module.
        module = importlib.import_module("tape.reactors.reconcile")
        reconcile_one = module.reconcile_one
    except (ImportError, AttributeError):
        raise _RetryLater("reconciler unavailable") from None
    result = reconcile_one(journal, effect)
    return f"reconciled: {result.get('result', result) if isinstance(result, dict) else result}"


_BUILTIN: dict[str, registry.TimerHandler] = {
    "gate_timeout": gate_timeout,
    "redrive": redrive,
    "reconcile": reconcile,
    deadlines.KIND: deadlines.fire,
}


def _row(timer: TimerRecord, result: PassOutcome, detail: str = "") -> Result:
    extra = {"detail": detail} if detail else {}
    return pass_result.row(
        {
            "run_id": timer.run_id,
            "timer_id": timer.timer_id,
            "kind": timer.kind,
        },
        result,
        **extra,
    )
