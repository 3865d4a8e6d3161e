"""The schedule ``celery -A tape beat`` runs: one entry per reactor pass.

Each entry expires after one interval (a tick that waited longer than that is dropped: the
next one is already on its way), and every pass claims its rows, so two beats or a
redelivered tick do no double work.
"""

from __future__ import annotations

from typing import Any

from tape.config import Settings


def build(settings: Settings) -> dict[str, dict[str, Any]]:
    """The beat schedule for ``settings``."""
    passes = {
        "tape.reactors.outbox": settings.outbox_interval_s,
        "tape.reactors.reconcile": settings.reconcile_interval_s,
        "tape.reactors.timers": settings.timers_interval_s,
        "tape.reactors.compensate": settings.compensation_interval_s,
        "tape.reactors.recover": settings.recovery_interval_s,
        "tape.reactors.match": settings.reactions_interval_s,
        "tape.reactors.reaction_dispatch": settings.reactions_interval_s,
    }
    if settings.compact_after_s > 0:  # compaction is off unless TAPE_COMPACT_AFTER is set
        passes["tape.reactors.compact"] = settings.compact_interval_s
    return {
        name: {
            "task": name,
            "schedule": interval,
            "options": {"expires": interval, "queue": "tape.reactors"},
        }
        for name, interval in passes.items()
    }
