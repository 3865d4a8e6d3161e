"""The beat-ticked compaction pass as a Celery task (off unless ``TAPE_COMPACT_AFTER``)."""

from __future__ import annotations

from celery import Celery

from tape import runtime
from tape.reactors import compact

PASS_TASK = "tape.reactors.compact"


def compact_pass() -> dict[str, int]:
    """One compaction pass with the configured hot window; how many runs ended how."""
    after_s = runtime.settings().compact_after_s
    if after_s <= 0:
        return {}
    summary: dict[str, int] = {}
    for row in compact.run_once(runtime.journal(), hot_window_ms=int(after_s * 1000)):
        summary[row["result"]] = summary.get(row["result"], 0) + 1
    return summary


def register(app: Celery) -> None:
    app.task(name=PASS_TASK, ignore_result=True)(compact_pass)
