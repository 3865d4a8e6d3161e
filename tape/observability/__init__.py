"""Observability, decided once at the edges: JSON logs (:mod:`.logs`), Prometheus metrics
(:mod:`.metrics`) and OpenTelemetry spans (:mod:`.tracing`, :mod:`.celery`).

Library code only logs with ``extra=`` fields, observes a metric or opens a span; how any of it
is rendered or exported is chosen by the process entry (CLI, worker, beat, ``tape ui``).
"""

from __future__ import annotations
