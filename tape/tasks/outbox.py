"""Tasks of the outbox: the beat-ticked pass and the per-effect dispatch hint."""

from __future__ import annotations

import json
import logging
from typing import Any

from celery import Celery

from tape import runtime
from tape.observability import metrics
from tape.reactors import outbox

logger = logging.getLogger(__name__)

PASS_TASK = "tape.reactors.outbox"
HINT_TASK = "tape.outbox.dispatch"


def options() -> outbox.OutboxOptions:
    s = runtime.settings()
    return outbox.OutboxOptions(
        limit=s.dispatch_batch,
        max_attempts=s.max_attempts,
        lease_ms=s.dispatch_lease_ms,
        concurrency=s.dispatch_concurrency,
    )


@metrics.timed_pass("outbox")
def outbox_pass() -> dict[str, Any]:
    """One outbox pass (beat ticks it; running two at once is harmless)."""
    # Keep going while passes come back full, but well inside the task's time limit.
    budget = runtime.settings().task_time_limit_s * 0.5
    results = outbox.drain(runtime.journal(), options(), budget_s=budget)
    summary: dict[str, int] = {}
    for row in results:
        summary[row["result"]] = summary.get(row["result"], 0) + 1
    if results:
        logger.info("outbox pass: %s", json.dumps(summary, sort_keys=True))
    return summary


def dispatch_effect(run_id: str, idempotency_key: str) -> str:
    """Dispatch one effect now (the hint published when it was enqueued)."""
    return str(outbox.dispatch_one(runtime.journal(), run_id, idempotency_key, options())["result"])


def register(app: Celery) -> None:
    app.task(name=PASS_TASK, ignore_result=True)(outbox_pass)
    app.task(name=HINT_TASK, ignore_result=True)(dispatch_effect)
