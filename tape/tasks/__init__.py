"""Thin Celery tasks over the passes: one per :data:`tape.passes.ALL` entry, the per-effect
dispatch hint (:mod:`tape.tasks.outbox`) and the event bus's per-reaction work
(:mod:`tape.tasks.reactions`).

:func:`register` adds them to an app (dramatiq-style explicit registration rather than
import-time decorators, so importing a pass never imports Celery).
"""

from __future__ import annotations

from collections.abc import Callable

from celery import Celery

from tape import passes, runtime
from tape.observability import metrics
from tape.tasks import outbox, reactions


def pass_task(
    spec: passes.Pass, context: Callable[[], passes.PassContext]
) -> Callable[[], dict[str, int]]:
    """The Celery task body of one pass: run it once on this process's journal."""

    def run_pass() -> dict[str, int]:
        return spec.run(runtime.journal(), runtime.settings(), context())

    # Celery compiles a signature from the function's name: it must be an identifier.
    run_pass.__name__ = run_pass.__qualname__ = f"{spec.name}_pass"
    run_pass.__doc__ = f"One {spec.label} pass (beat ticks it; running two at once is harmless)."
    return metrics.timed_pass(spec.name)(run_pass) if spec.timed else run_pass


def register(app: Celery) -> None:
    """Register tape's tasks on ``app``."""
    for spec in passes.ALL:
        app.task(name=spec.task, ignore_result=True)(pass_task(spec, reactions.context))
    outbox.register(app)
    reactions.register(app)
