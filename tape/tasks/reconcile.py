"""The beat-ticked reconcile pass as a Celery task."""

from __future__ import annotations

import json
import logging

from celery import Celery

from tape import runtime
from tape.observability import metrics
from tape.reactors import reconcile

logger = logging.getLogger(__name__)

PASS_TASK = "tape.reactors.reconcile"


def options() -> reconcile.ReconcileOptions:
    s = runtime.settings()
    return reconcile.ReconcileOptions(
        lease_ms=s.reactor_lease_ms, pending_after_ms=s.reconcile_pending_after_ms
    )


@metrics.timed_pass("reconcile")
def reconcile_pass() -> dict[str, int]:
    """One reconcile pass (beat ticks it; two at once observe each effect once)."""
    results = reconcile.run_once(runtime.journal(), options())
    summary: dict[str, int] = {}
    for row in results:
        summary[row["result"]] = summary.get(row["result"], 0) + 1
    if results:
        logger.info("reconcile pass: %s", json.dumps(summary, sort_keys=True))
    return summary


def register(app: Celery) -> None:
    app.task(name=PASS_TASK, ignore_result=True)(reconcile_pass)
