"""Enqueue outbox effects from code: journal the intent, then hint the dispatcher.

``enqueue(...)`` is what ``some_effect.delay(...)`` does underneath: the effect is written
PENDING+OUTBOX (that is the durable part: from here the outbox pass will dispatch it, once)
and a dispatch hint is published so a worker starts on it within milliseconds.
``enqueue_many`` writes many effects in one transaction and asks for drain passes instead of
publishing one hint per effect.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tape import hints, runtime, transport
from tape.enums import DispatchMode, EffectStatus
from tape.journal import Journal
from tape.records import EffectRecord


def _ensure_publisher() -> None:
    # A process with no hint publisher yet (a script, not a worker) hints through its transport.
    if not hints.installed() and runtime.settings().dispatch_hints:
        sender = transport.current()
        hints.set_publisher(
            sender.publish_hint,
            sender.publish_drain,
            lambda app_name, run_id: sender.send_run(app_name, run_id, None, ""),
        )


def enqueue(*, journal: Journal | None = None, **begin_effect: Any) -> EffectRecord:
    """Journal one outbox effect (``begin_effect`` arguments) and hint the dispatcher.

    Returns the effect; if it already existed (same key, or same connector + business key),
    it is returned as it is and nothing new happens.
    """
    journal = journal or runtime.journal()
    effect = journal.begin_effect(**{**begin_effect, "dispatch_mode": DispatchMode.OUTBOX})
    if effect.status == EffectStatus.PENDING and effect.dispatch_mode == DispatchMode.OUTBOX:
        _ensure_publisher()
        hints.publish(effect.run_id, effect.idempotency_key)
    return effect


def enqueue_many(
    effects: Sequence[Mapping[str, Any]], *, journal: Journal | None = None, passes: int = 2
) -> list[EffectRecord]:
    """Journal many outbox effects in one transaction and ask for ``passes`` drain passes."""
    journal = journal or runtime.journal()
    records = journal.begin_effects(
        [{**spec, "dispatch_mode": DispatchMode.OUTBOX} for spec in effects]
    )
    if records:
        _ensure_publisher()
        hints.publish_drain(passes)
    return records
