"""The beat-ticked timer pass as a Celery task (running two at once is harmless: the pass
claims its rows by compare-and-swap)."""

from __future__ import annotations

import json
import logging

from celery import Celery

from tape import runtime
from tape.observability import metrics
from tape.reactors import timers

logger = logging.getLogger(__name__)

PASS_TASK = "tape.reactors.timers"


@metrics.timed_pass("timers")
def timers_pass() -> dict[str, int]:
    """One timer pass; returns how many rows ended how."""
    opts = timers.TimerOptions(lease_ms=runtime.settings().reactor_lease_ms)
    summary: dict[str, int] = {}
    for row in timers.run_once(runtime.journal(), opts):
        summary[row["result"]] = summary.get(row["result"], 0) + 1
    if summary:
        logger.info("timers pass: %s", json.dumps(summary, sort_keys=True))
    return summary


def register(app: Celery) -> None:
    app.task(name=PASS_TASK, ignore_result=True)(timers_pass)
