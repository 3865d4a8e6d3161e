"""Wiring observability into Celery processes: trace context through messages, JSON logs in
worker and beat (redacted text lines otherwise), and the opt-in worker metrics exporter.

:func:`connect` is called once by :mod:`tape.celery_app`, with the process's journal. Trace
context rides in the message headers (W3C ``traceparent``), injected when a task is published
and made current while the task runs, so the spans a worker opens continue the trace of
whoever sent the task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery.signals import (
    after_setup_logger,
    after_setup_task_logger,
    before_task_publish,
    setup_logging,
    task_postrun,
    task_prerun,
    worker_init,
    worker_process_shutdown,
    worker_ready,
)
from opentelemetry import context as otel_context
from opentelemetry import propagate
from opentelemetry.propagators.textmap import Getter

from tape.observability import logs, metrics, tracing

logger = logging.getLogger(__name__)

_tokens: dict[str, object] = {}
#: The process's journal (given to :func:`connect`): runs' trace context, the exporter's gauges.
_journal: Callable[[], Any] | None = None

#: Tasks whose first argument is a run id: agent runs and dispatch hints.
RUN_TASK_PREFIXES = ("tape.agents.", "tape.outbox.dispatch")


class _RequestGetter(Getter[Any]):
    """Reads propagation fields from a task's request (custom headers are set on it)."""

    def get(self, carrier: Any, key: str) -> list[str] | None:
        value = getattr(carrier, key, None)
        if value is None:
            value = (getattr(carrier, "headers", None) or {}).get(key)
        if value is None:
            return None
        return [value] if isinstance(value, str) else list(value)

    def keys(self, carrier: Any) -> list[str]:
        return list(getattr(carrier, "headers", None) or {})


_GETTER = _RequestGetter()


def _inject(headers: dict[str, Any] | None = None, **_: Any) -> None:
    if headers is not None:
        propagate.inject(headers)


def _attach(task_id: str = "", task: Any = None, args: Any = None, **_: Any) -> None:
    if task is None or not task_id:
        return
    context = propagate.extract(task.request, getter=_GETTER)
    run_id = _run_of(str(getattr(task, "name", "")), args)
    if run_id and tracing.enabled() and _journal is not None:
        # A message without trace context (beat's, an old client's): the task still belongs
        # to its run's trace, so every row it journals says so.
        with tracing.attached(context):
            context = tracing.run_context(_journal(), run_id)
    _tokens[task_id] = otel_context.attach(context)


def _run_of(task_name: str, args: Any) -> str:
    """The run id a tape task is about (agent tasks and dispatch hints take it first)."""
    if not (task_name.startswith(RUN_TASK_PREFIXES) and args):
        return ""
    first = args[0]
    return first if isinstance(first, str) else ""


def _detach(task_id: str = "", **_: Any) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        otel_context.detach(token)  # type: ignore[arg-type]


def _setup_logging(loglevel: Any = None, **_: Any) -> None:
    # Connecting here stops Celery from configuring logging itself; tape decides the format.
    logs.configure(level=loglevel or logging.INFO)


def _redact_handlers(logger: logging.Logger | None = None, **_: Any) -> None:
    # Celery's own text-mode handlers: their lines are redacted like tape's (logs.RedactingFilter).
    for handler in logger.handlers if logger is not None else ():
        if not any(isinstance(f, logs.RedactingFilter) for f in handler.filters):
            handler.addFilter(logs.RedactingFilter(logs.configured_secrets()))


def _prepare_metrics(**_: Any) -> None:
    metrics.prepare_worker()


def _start_exporter(**_: Any) -> None:
    metrics.start_worker_exporter(_journal() if _journal is not None else None)


def _child_gone(pid: int | None = None, **_: Any) -> None:
    metrics.mark_process_dead()


def connect(journal: Callable[[], Any] | None = None) -> None:
    """Connect tape's observability handlers to Celery's signals (idempotent); ``journal``
    gives the process's journal (a worker's) for runs' trace context and the exporter."""
    global _journal
    if journal is not None:
        _journal = journal
    before_task_publish.connect(_inject, weak=False, dispatch_uid="tape.otel.inject")
    task_prerun.connect(_attach, weak=False, dispatch_uid="tape.otel.attach")
    task_postrun.connect(_detach, weak=False, dispatch_uid="tape.otel.detach")
    if logs.json_wanted():  # otherwise Celery's own log format, as before
        # Now, when the app is loaded, so nothing Celery warns about before it sets up its
        # logging (running as root, say) reaches stderr as a bare line.
        logs.configure()
        setup_logging.connect(_setup_logging, weak=False, dispatch_uid="tape.logs")
    after_setup_logger.connect(_redact_handlers, weak=False, dispatch_uid="tape.logs.redact")
    after_setup_task_logger.connect(
        _redact_handlers, weak=False, dispatch_uid="tape.logs.redact-task"
    )
    worker_init.connect(_prepare_metrics, weak=False, dispatch_uid="tape.metrics.prepare")
    worker_ready.connect(_start_exporter, weak=False, dispatch_uid="tape.metrics.exporter")
    worker_process_shutdown.connect(_child_gone, weak=False, dispatch_uid="tape.metrics.dead")
