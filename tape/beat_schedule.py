"""The schedule ``celery -A tape beat`` runs: one entry per pass (:mod:`tape.passes`).

A tick that waited in the queue for one interval plus :data:`TICK_GRACE_S` is dropped (after a
worker outage the backlog of ticks is discarded, not run one after another), and every pass
claims its rows, so two beats or a redelivered tick do no double work.

The grace is what keeps the passes alive. A tick that expired after exactly one interval was
dropped whenever delivery took longer than that: on a polling transport (``tape dev``'s
filesystem broker) or behind a busy pool (prefetch holds the next message back until a slot
frees), every tick could arrive just too late, and a released run waited for recovery for
minutes.
"""

from __future__ import annotations

from typing import Any

from tape import passes, queues
from tape.config import Settings

#: Seconds a tick may wait beyond its interval before it is dropped (at least one more interval).
TICK_GRACE_S = 5.0


def tick_expiry(interval: float) -> float:
    """Seconds after which a tick of a pass run every ``interval`` seconds is dropped."""
    return interval + max(interval, TICK_GRACE_S)


def build(settings: Settings) -> dict[str, dict[str, Any]]:
    """The beat schedule for ``settings``: every enabled pass of :data:`tape.passes.ALL`."""
    schedule: dict[str, dict[str, Any]] = {}
    for spec in passes.enabled(settings):
        interval = spec.interval(settings)
        schedule[spec.task] = {
            "task": spec.task,
            "schedule": interval,
            "options": {"expires": tick_expiry(interval), "queue": queues.REACTORS_QUEUE},
        }
    return schedule
