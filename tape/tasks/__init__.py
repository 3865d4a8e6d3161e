"""Thin Celery tasks over the reactor passes: each one builds nothing, it calls a pass.

:func:`register` adds them to an app (dramatiq-style explicit registration rather than
import-time decorators, so importing a pass never imports Celery).
"""

from __future__ import annotations

from celery import Celery

from tape.tasks import outbox


def register(app: Celery) -> None:
    """Register tape's tasks on ``app``."""
    outbox.register(app)
