"""Status enums of the tape journal, with the values of upstream Tape's ``tape.v1`` proto.

They are stored as small integers; the names are what people and logs see: ``str()``,
``print()`` and f-strings give the name (``TERMINAL``), ``int()``, ``%d`` and ``==`` the
stored value (``4``).
"""

from __future__ import annotations

from enum import IntEnum


class _Named(IntEnum):
    """An ``IntEnum`` shown by its name; its value is still what is stored and compared."""

    def __str__(self) -> str:
        return self.name

    def __format__(self, format_spec: str) -> str:
        # An empty spec is ``str()`` (f"{status}"); any other ("d", ">3") formats the number.
        return self.name if not format_spec else int.__format__(int(self), format_spec)


class RunStatus(_Named):
    """Lifecycle of a run (one agent invocation)."""

    UNSPECIFIED = 0
    RUNNABLE = 1  # ready to be (re-)driven by recovery
    RUNNING = 2  # a worker holds the lease
    WAITING = 3  # parked on a gate
    TERMINAL = 4  # finished cleanly
    FAILED = 5
    COMPENSATING = 6
    STUCK = 7  # a human must look
    CANCELLED = 8


class EffectStatus(_Named):
    """Status of one effect (a tool call that touches the outside world)."""

    UNSPECIFIED = 0
    PENDING = 1  # intent written; the act may or may not have happened
    CONFIRMED = 2
    FAILED = 3  # definitively did not happen
    UNKNOWN = 4  # ack lost; the reconciler asks the upstream


class EffectSemantics(_Named):
    """What the upstream guarantees about a repeated call."""

    UNSPECIFIED = 0  # treated as IDEMPOTENT
    IDEMPOTENT = 1  # the upstream dedupes on our idempotency key
    NON_IDEMPOTENT = 2  # outbox + reconciliation only; never blindly retried
    OBSERVE_ONLY = 3  # read-only


class DispatchMode(_Named):
    """Who performs the call: the agent itself (inline) or the outbox dispatcher."""

    UNSPECIFIED = 0  # treated as INLINE
    INLINE = 1
    OUTBOX = 2


class EffectResolution(_Named):
    """What an observation of the upstream found."""

    UNSPECIFIED = 0
    CONFIRMED = 1  # exactly one match
    FAILED = 2
    ABSENT = 3  # not found: the call never landed
    DUPLICATE = 4  # more than one match: compensate the extra
    STUCK = 5  # cannot be known now: a human decides


class ObligationStatus(_Named):
    """Status of a compensation obligation."""

    UNSPECIFIED = 0
    PENDING = 1  # queued, or waiting out a backoff
    COMMITTED = 2  # a drainer holds the lease; in flight
    COMPENSATED = 3
    STUCK = 4  # a human must look


class HandlerKind(_Named):
    """What a reaction does with a matching journal row."""

    UNSPECIFIED = 0
    AGENT = 1
    TASK = 2
    PUBLISH = 3


class TaskStatus(_Named):
    """Status of a reaction task."""

    UNSPECIFIED = 0
    PENDING = 1
    CLAIMED = 2
    DONE = 3
    FAILED = 4
    DLQ = 5
