"""What a pass did with one row: a :class:`PassResult` whose ``result`` is a
:class:`PassOutcome`.

Every pass (:mod:`tape.reactors`) returns a list of these, ``tape pass`` and ``tape outbox``
print them as JSON, and the Celery tasks count them by outcome (:func:`tape.passes.count`).
The outcome is a string enum, so its JSON and its comparisons with text stay as they were.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Required, TypedDict, cast


class PassOutcome(enum.StrEnum):
    """How a pass left one row."""

    # The outbox and the reconciler: where an effect ended.
    PENDING = "pending"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    UNKNOWN = "unknown"
    RETRY_SCHEDULED = "retry-scheduled"
    LEFT_PENDING = "left-pending"
    # Any pass: another worker moved the row first; nothing of this pass's work was recorded.
    LOST_RACE = "lost-race"
    # Any pass: not this pass's to take now (claimed elsewhere, not due, no connector).
    SKIPPED = "skipped"
    # Compensation.
    COMPENSATED = "compensated"
    STUCK = "stuck"
    # Recovery.
    REDRIVEN = "redriven"
    REDRIVE_FAILED = "redrive-failed"
    NO_REDRIVE = "no-redrive"
    # Timers.
    FIRED = "fired"
    CANCELLED = "cancelled"
    RETRY_LATER = "retry-later"
    ERROR = "error"
    # Compaction.
    COMPACTED = "compacted"
    ALREADY_COMPACTED = "already-compacted"
    COMPACTABLE = "compactable"


class PassResult(TypedDict, total=False):
    """One row a pass worked on: its ``result`` and what identifies the row (the keys of the
    pass's kind of row: an effect's, an obligation's, a run's, a timer's), with a ``reason`` or
    ``detail`` when there is one."""

    result: Required[PassOutcome]
    reason: str
    detail: str
    run_id: str
    idempotency_key: str
    tool: str
    connector: str
    attempt: int
    attempts: int
    inline: bool
    obligation_seq: int
    kind: str
    timer_id: str
    status: str
    lease_epoch: int
    bytes: int
    external_ref: Any
    next_dispatch_at_ms: int
    next_attempt_at_ms: int
    observed: Any
    observed_by: str
    previous_status: str
    stuck: bool


def row(
    identity: Mapping[str, Any], result: PassOutcome, reason: str = "", **extra: Any
) -> PassResult:
    """A pass's row: what identifies it, its ``result``, the ``reason`` (when there is one) and
    any ``extra`` keys, in that order (the order its JSON shows them in)."""
    built: dict[str, Any] = {**identity, "result": result}
    if reason:
        built["reason"] = reason
    built.update(extra)
    return cast(PassResult, built)
