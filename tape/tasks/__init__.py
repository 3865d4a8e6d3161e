"""Thin Celery tasks over the reactor passes: each one builds nothing, it calls a pass.

:func:`register` adds them to an app (dramatiq-style explicit registration rather than
import-time decorators, so importing a pass never imports Celery).
"""

from __future__ import annotations

from celery import Celery

from tape import agents
from tape.tasks import compact, compensate, outbox, reactions, reconcile, recover, timers


def register(app: Celery) -> None:
    """Register tape's tasks on ``app``."""
    outbox.register(app)
    reconcile.register(app)
    compensate.register(app)
    timers.register(app)
    recover.register(app)
    reactions.register(app)
    compact.register(app)
    # Agents declared before the app existed; later ones register themselves on it.
    agents.register_tasks(app)
    agents.install_redrive()
