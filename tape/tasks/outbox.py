"""The outbox's per-effect dispatch hint as a Celery task (the pass is in :mod:`tape.passes`)."""

from __future__ import annotations

from celery import Celery

from tape import passes, queues, runtime
from tape.reactors import outbox

HINT_TASK = queues.DISPATCH_TASK


def dispatch_effect(run_id: str, idempotency_key: str) -> str:
    """Dispatch one effect now (the hint published when it was enqueued)."""
    options = passes.outbox_options(runtime.settings())
    return str(outbox.dispatch_one(runtime.journal(), run_id, idempotency_key, options)["result"])


def register(app: Celery) -> None:
    app.task(name=HINT_TASK, ignore_result=True)(dispatch_effect)
