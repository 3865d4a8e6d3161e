"""Issue 14, beat-tick noise: Celery's per-task INFO lines about tape's pass tasks are DEBUG,
everything else (the user's tasks, agent runs, failures) is untouched. Real loggers, real
records in Celery's own formats; the worker's log under a real ``tape dev``:
tests/acceptance/test_tape_run.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tape import passlog

RECEIVED = "Task %(name)s[%(id)s] received"
SUCCEEDED = "Task %(name)s[%(id)s] succeeded in %(runtime)ss: %(return_value)s"


@pytest.fixture
def seen() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    loggers = [logging.getLogger(name) for name in passlog.CELERY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    passlog.install()
    passlog.install()  # twice: one filter
    yield records
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def _task_line(logger: str, fmt: str, name: str) -> None:
    context = {"name": name, "id": "abc", "runtime": 0.01, "return_value": "{}"}
    logging.getLogger(logger).info(fmt, context, extra={"data": context})


def test_pass_ticks_are_below_info_and_other_tasks_are_not(
    seen: list[logging.LogRecord],
) -> None:
    assert (
        sum(isinstance(f, passlog.QuietPasses) for f in logging.getLogger("celery.beat").filters)
        == 1
    )
    _task_line("celery.worker.strategy", RECEIVED, "tape.reactors.outbox")
    _task_line("celery.app.trace", SUCCEEDED, "tape.reactors.recover")
    logging.getLogger("celery.beat").info(
        "Scheduler: Sending due task %s (%s)", "tape.reactors.timers", "tape.reactors.timers"
    )
    logging.getLogger("celery.worker.request").info(
        "Discarding revoked task: %s[%s]", "tape.reactors.outbox", "abc"
    )
    assert seen == []  # INFO enabled, DEBUG not: the tick lines are gone

    _task_line("celery.worker.strategy", RECEIVED, "billing.send_invoice")
    _task_line("celery.app.trace", SUCCEEDED, "tape.agents.pay_invoice")
    logging.getLogger("celery.app.trace").error(
        "Task %(name)s[%(id)s] raised", {"name": "tape.reactors.outbox", "id": "x"}
    )
    assert [(r.levelname, r.getMessage()[:40]) for r in seen] == [
        ("INFO", "Task billing.send_invoice[abc] received"),
        ("INFO", "Task tape.agents.pay_invoice[abc] succee"),
        ("ERROR", "Task tape.reactors.outbox[x] raised"),
    ]


def test_with_debug_enabled_the_tick_lines_show_as_debug(seen: list[logging.LogRecord]) -> None:
    logging.getLogger("celery.worker.strategy").setLevel(logging.DEBUG)
    _task_line("celery.worker.strategy", RECEIVED, "tape.reactors.outbox")
    assert [(r.levelname, r.getMessage()) for r in seen] == [
        ("DEBUG", "Task tape.reactors.outbox[abc] received")
    ]


def test_pass_tasks_send_no_task_events_unless_asked() -> None:
    from tape.celery_app import create_app
    from tape.config import Settings

    quiet = create_app(Settings(dispatch_hints=False))
    loud = create_app(Settings(dispatch_hints=False, pass_events=True))

    assert quiet.tasks["tape.reactors.outbox"].send_events is False  # not in Flower's list
    assert quiet.tasks["tape.outbox.dispatch"].send_events is True
    assert loud.tasks["tape.reactors.outbox"].send_events is True
