"""Quiet ticks: Celery's per-task log lines for tape's own beat-ticked passes stay below INFO.

Beat ticks the passes about every second; at ``--loglevel=INFO`` Celery would log a "Sending
due task" line in beat and a "received" and a "succeeded" line in the worker for every tick,
burying the lines that matter (and a tick that expired in the queue is a "Discarding revoked
task" line). :class:`QuietPasses`, installed on Celery's loggers when the
tape app is made, turns exactly those lines for ``tape.reactors.*`` tasks into DEBUG (shown
with ``--loglevel=DEBUG``). A pass that did work logs one INFO line itself saying what
(``outbox pass: {"confirmed": 3}``); a failed pass is still Celery's ERROR line. The user's
own tasks and agent runs keep all their lines. ``TAPE_PASS_EVENTS=1`` leaves the passes'
lines as Celery writes them (the filter is not installed).

Flower lists tasks from the workers' task events: :func:`quiet_events` switches them off for
the pass tasks (unless ``TAPE_PASS_EVENTS=1``), so Flower's task list holds the user's tasks
and agent runs, not a row per tick.
"""

from __future__ import annotations

import logging
from typing import Any

#: The tasks whose tick lines are quieted (the beat-ticked reactor passes).
PASS_PREFIX = "tape.reactors."
#: Celery's loggers of the per-task INFO lines: worker received, worker succeeded, an expired
#: tick discarded, beat sent.
CELERY_LOGGERS = (
    "celery.worker.strategy",
    "celery.app.trace",
    "celery.worker.request",
    "celery.beat",
)


def _task_name(record: logging.LogRecord) -> str:
    data: Any = getattr(record, "data", None)  # received/succeeded pass their context here
    if isinstance(data, dict):
        return str(data.get("name", ""))
    args = record.args
    if not isinstance(args, tuple) or len(args) < 2:
        return ""
    if record.name == "celery.beat":
        return str(args[1])  # "Scheduler: Sending due task %s (%s)": entry name, task name
    if record.name == "celery.worker.request":
        return str(args[0])  # "Discarding revoked task: %s[%s]": an expired tick
    return ""


class QuietPasses(logging.Filter):
    """Demote Celery's INFO lines about tape's pass tasks to DEBUG (dropped unless enabled)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or not _task_name(record).startswith(PASS_PREFIX):
            return True
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


def install() -> None:
    """Add :class:`QuietPasses` to Celery's task loggers (once per process)."""
    for name in CELERY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuietPasses) for f in logger.filters):
            logger.addFilter(QuietPasses())


def quiet_events(app: Any, pass_events: bool) -> None:
    """Stop ``app``'s pass tasks sending task events (what Flower lists), unless asked to."""
    for name, task in app.tasks.items():
        if name.startswith(PASS_PREFIX):
            task.send_events = pass_events
