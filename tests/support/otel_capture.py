"""Record OpenTelemetry spans to a file, across processes: ``TAPE_IMPORTS=...otel_capture``.

On import, when ``OTEL_CAPTURE_FILE`` is set, installs the OpenTelemetry SDK's tracer provider
with a simple (synchronous) processor whose exporter appends one JSON line per finished span
to that file (``O_APPEND``: prefork children and the client write to one file safely). The
SDK's in-memory exporter cannot be read from another process; this is the same thing on disk.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult


class JsonLinesExporter(SpanExporter):
    """Appends ``{"name", "trace_id", "span_id", "parent_id", "start", "end", "pid"}`` lines."""

    def __init__(self, path: str) -> None:
        self.path = path

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = []
        for span in spans:
            context = span.get_span_context()
            assert context is not None
            lines.append(
                json.dumps(
                    {
                        "name": span.name,
                        "trace_id": format(context.trace_id, "032x"),
                        "span_id": format(context.span_id, "016x"),
                        "parent_id": format(span.parent.span_id, "016x") if span.parent else "",
                        "start": span.start_time,
                        "end": span.end_time,
                        "pid": os.getpid(),
                        "attributes": dict(span.attributes or {}),
                    }
                )
            )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, ("\n".join(lines) + "\n").encode())
        finally:
            os.close(fd)
        return SpanExportResult.SUCCESS


def read(path: str) -> list[dict[str, Any]]:
    """The spans recorded in ``path``, by start time."""
    try:
        with open(path) as handle:
            spans = [json.loads(line) for line in handle if line.strip()]
    except FileNotFoundError:
        return []
    return sorted(spans, key=lambda s: s["start"])


def install(path: str) -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(JsonLinesExporter(path)))
    trace.set_tracer_provider(provider)


if os.environ.get("OTEL_CAPTURE_FILE"):
    install(os.environ["OTEL_CAPTURE_FILE"])
