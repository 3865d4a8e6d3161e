"""OpenTelemetry spans with upstream Tape's names, through the OpenTelemetry API only.

Without an SDK installed and configured by the user every span is a no-op. With one, a run is
one trace across processes: Celery messages carry the trace context (:mod:`.celery_signals`), every
journal row records the ``trace_id``/``span_id`` it was written under, and a pass that picks a
run up later (recovery, the beat-ticked outbox) continues the trace its first row recorded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from opentelemetry import context as otel_context
from opentelemetry import trace

__all__ = [
    "JOURNAL_SPANS",
    "SPAN_NAMES",
    "attached",
    "current_ids",
    "enabled",
    "instrument",
    "run_context",
    "run_span",
    "span",
]

#: Every span name tape emits (upstream Tape's, docs/operating.md, Traces).
SPAN_NAMES = (
    "tape.begin_run",
    "tape.resume_run",
    "tape.record_decision",
    "tape.begin_effect",
    "tape.complete_effect",
    "tape.reconcile_effect",
    "tape.dispatch_effect",
    "tape.compensate",
    "tape.redrive",
    "tape.await_signal",
    "tape.send_signal",
)

#: Journal method -> span name (:func:`instrument` wraps them on the class).
JOURNAL_SPANS: Mapping[str, str] = {
    "begin_run": "tape.begin_run",
    "create_run": "tape.begin_run",  # Agent.delay: a run begun RUNNABLE, for a worker
    "resume_run": "tape.resume_run",
    "record_decision": "tape.record_decision",
    "begin_effect": "tape.begin_effect",
    "complete_effect": "tape.complete_effect",
    "reconcile_effect": "tape.reconcile_effect",
    "await_signal": "tape.await_signal",
    "send_signal": "tape.send_signal",
}

#: Keyword arguments copied onto a span as ``tape.<name>`` attributes.
_ATTRIBUTES = ("run_id", "idempotency_key", "decision_index", "tool_name", "connector", "gate")

F = TypeVar("F", bound=Callable[..., Any])


def tracer() -> trace.Tracer:
    """tape's tracer (the global provider's; a no-op one without an SDK)."""
    return trace.get_tracer("tape")


def enabled() -> bool:
    """Whether an SDK tracer provider is installed (spans are recorded somewhere)."""
    provider = trace.get_tracer_provider()
    return not isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider)


@contextmanager
def span(name: str, **attributes: Any) -> Iterator[trace.Span]:
    """A span named ``name`` around the block, with ``tape.<key>`` attributes (empty ones
    left out). Exceptions are recorded on it and re-raised."""
    with tracer().start_as_current_span(name, attributes=_attributes(attributes)) as current:
        yield current


def current_ids() -> tuple[str, str]:
    """The current span's ``(trace_id, span_id)`` in hex, or ``("", "")`` outside a span."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return "", ""
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def run_context(journal: Any, run_id: str) -> otel_context.Context:
    """The context to open a run's spans in: the current one when a span is active (a Celery
    message brought it), else one continuing the trace of the run's first journal row.
    Reads the journal only when an SDK is installed."""
    current = otel_context.get_current()
    if not enabled() or trace.get_current_span().get_span_context().is_valid or not run_id:
        return current
    try:
        first = journal.read_journal(run_id=run_id, limit=1)
    except Exception:  # tracing must never break the work it watches
        return current
    if not first or not first[0].trace_id or not first[0].span_id:
        return current
    try:
        parent = trace.SpanContext(
            trace_id=int(first[0].trace_id, 16),
            span_id=int(first[0].span_id, 16),
            is_remote=True,
            trace_flags=trace.TraceFlags(trace.TraceFlags.SAMPLED),
        )
    except ValueError:
        return current
    return trace.set_span_in_context(trace.NonRecordingSpan(parent), current)


@contextmanager
def attached(context: otel_context.Context) -> Iterator[None]:
    """Make ``context`` current in the block (a worker thread does not inherit it)."""
    token = otel_context.attach(context)
    try:
        yield
    finally:
        otel_context.detach(token)


def run_span(name: str) -> Callable[[F], F]:
    """Decorate ``fn(journal, record, ...)`` (an effect, obligation or run record) so each call
    runs in a span named ``name`` in its run's trace (:func:`run_context`)."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(journal: Any, record: Any, *args: Any, **kwargs: Any) -> Any:
            run_id = str(getattr(record, "run_id", ""))
            key = getattr(record, "idempotency_key", None) or getattr(record, "effect_key", "")
            with (
                attached(run_context(journal, run_id)),
                span(name, run_id=run_id, idempotency_key=key),
            ):
                return fn(journal, record, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def traced(name: str) -> Callable[[F], F]:
    """Decorate a journal method (keyword arguments) so each call runs in a span named
    ``name``, in its run's trace when no span is current (:func:`run_context`)."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(journal: Any, *args: Any, **kwargs: Any) -> Any:
            with (
                attached(run_context(journal, str(kwargs.get("run_id") or ""))),
                tracer().start_as_current_span(name, attributes=_attributes(kwargs)),
            ):
                return method(journal, *args, **kwargs)

        wrapper.__tape_span__ = name  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def instrument(cls: type[Any], spans: Mapping[str, str]) -> None:
    """Wrap ``cls``'s methods named in ``spans`` in their spans (once; idempotent)."""
    for method_name, span_name in spans.items():
        method = getattr(cls, method_name)
        if getattr(method, "__tape_span__", None) is None:
            setattr(cls, method_name, traced(span_name)(method))


def _attributes(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _ATTRIBUTES:
        value = values.get(key)
        if value is not None and value != "" and isinstance(value, str | int):
            out[f"tape.{key}"] = value
    return out
