"""OpenTelemetry spans with the original's names, through the OpenTelemetry API only.

Without an SDK installed and configured by the user every span is a no-op. With one, a run is
one trace across processes: Celery messages carry the trace context (:mod:`.celery`), every
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
    "continue_run",
    "current_ids",
    "enabled",
    "instrument",
    "span",
]

#: Every span name tape emits (the original's ``obs.py``).
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


@contextmanager
def continue_run(trace_id: str, span_id: str) -> Iterator[None]:
    """Make the journaled ``trace_id``/``span_id`` the parent of spans opened in the block,
    unless a span is already current (a Celery message brought its context along)."""
    if trace.get_current_span().get_span_context().is_valid or not trace_id or not span_id:
        yield
        return
    try:
        parent = trace.SpanContext(
            trace_id=int(trace_id, 16),
            span_id=int(span_id, 16),
            is_remote=True,
            trace_flags=trace.TraceFlags(trace.TraceFlags.SAMPLED),
        )
    except ValueError:  # not hex: written by something else, ignore it
        yield
        return
    token = otel_context.attach(trace.set_span_in_context(trace.NonRecordingSpan(parent)))
    try:
        yield
    finally:
        otel_context.detach(token)


def traced(name: str) -> Callable[[F], F]:
    """Decorate a keyword-argument method so each call runs in a span named ``name``."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with tracer().start_as_current_span(name, attributes=_attributes(kwargs)):
                return method(*args, **kwargs)

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
