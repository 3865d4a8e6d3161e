"""The mark an outbox pass leaves on an effect whose connector it does not register.

A worker that finds a due outbox effect for a connector it does not register never claims it
(a claim counts an attempt, and another worker may register that connector: see
:mod:`tape.store.dispatch`). It writes this mark into the effect's ``last_dispatch_error``
instead, with a journal row ``/tape/effect/no-connector/<connector>/<run_id>``, so ``tape
status``, ``tape doctor --live`` and the dashboard can say what the run waits for. The
dispatch that finally confirms the effect clears the mark (:mod:`tape.store.outcomes`); a
failed or retried one overwrites it with its own error.

An effect *waits on an unregistered connector* while it is PENDING, OUTBOX, unclaimed and
marked: a worker that registers the connector would have claimed it.
"""

from __future__ import annotations

import json
from typing import Any

from tape.enums import DispatchMode, EffectStatus
from tape.records import EffectRecord

#: The mark's ``type``.
KIND = "ConnectorNotRegistered"
#: How every mark's JSON text starts (``type`` is written first).
PREFIX = '{"type":"' + KIND + '"'

#: How to make a connector known to the workers (docs/agents.md, Register a connector).
HOW_TO_REGISTER = (
    "register it with tape.connectors.register(...) in a module named by TAPE_IMPORTS "
    "and restart the workers"
)


def mark(connector: str, worker: str, since_ms: int) -> str:
    """The mark's text: which connector, which worker looked, and since when."""
    return json.dumps(
        {
            "type": KIND,
            "connector": connector,
            "worker": worker,
            "since_ms": since_ms,
            "message": f"connector {connector!r} is not registered in worker {worker!r}; "
            + HOW_TO_REGISTER,
        },
        separators=(",", ":"),
    )


def parse(text: str) -> dict[str, Any] | None:
    """The mark in ``text`` (an effect's ``last_dispatch_error``), or None if it is none."""
    if not text.startswith(PREFIX):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) and value.get("type") == KIND else None


def waiting(effect: EffectRecord) -> dict[str, Any] | None:
    """The mark of an effect that waits on an unregistered connector now, else None."""
    if (
        effect.status != EffectStatus.PENDING
        or effect.dispatch_mode != DispatchMode.OUTBOX
        or effect.dispatch_claimed_by
    ):
        return None
    return parse(effect.last_dispatch_error)


def describe(connector: str) -> str:
    """The one-line mark ``tape status`` and ``tape doctor --live`` print."""
    return f"waiting: connector {connector} not registered in any worker"
