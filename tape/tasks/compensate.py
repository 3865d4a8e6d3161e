"""The beat-ticked compensation pass as a Celery task (running two at once is harmless: the pass
claims its rows by compare-and-swap)."""

from __future__ import annotations

import json
import logging

from celery import Celery

from tape import runtime
from tape.observability import metrics
from tape.reactors import compensate

logger = logging.getLogger(__name__)

PASS_TASK = "tape.reactors.compensate"


@metrics.timed_pass("compensate")
def compensate_pass() -> dict[str, int]:
    """One compensation pass; returns how many rows ended how."""
    opts = compensate.CompensateOptions(lease_ms=runtime.settings().reactor_lease_ms)
    summary: dict[str, int] = {}
    for row in compensate.run_once(runtime.journal(), opts):
        summary[row["result"]] = summary.get(row["result"], 0) + 1
    if summary:
        logger.info("compensate pass: %s", json.dumps(summary, sort_keys=True))
    return summary


def register(app: Celery) -> None:
    app.task(name=PASS_TASK, ignore_result=True)(compensate_pass)
