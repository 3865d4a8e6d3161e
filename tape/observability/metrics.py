"""Prometheus metrics: what the journal holds (read at scrape time) and what workers measure.

Gauges come from the journal when scraped (:class:`JournalCollector`): runs and effects by
status, UNKNOWN and STUCK counts, unresolved obligations, each reactor's lag (age of the
oldest item due but not picked up), and the age of the journal's horizon (how long the oldest
transaction in progress has held journal readers back: docs/event-bus.md).
Histograms are observed where the work happens: dispatch latency (journaled → connector
called) and connector call durations by outcome, per connector, and reactor pass durations.

Prefork workers: each pool child observes into files under ``PROMETHEUS_MULTIPROC_DIR`` and
the exporter sums them (prometheus-client's multiprocess mode). ``TAPE_METRICS_PORT`` switches
the worker exporter on; if no directory is set, one is chosen (and prometheus-client's value
storage chosen again, for it picks it when imported), and emptied when the worker starts, before its
pool forks (:func:`prepare_worker`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import prometheus_client
from prometheus_client import multiprocess, values
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

from tape.journal import triage
from tape.store import entries

if os.environ.get("TAPE_METRICS_PORT") and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # One directory per exporter port and user: two workers on one host cannot share a port,
    # and a process that only imports tape (``celery inspect ping``) leaves nothing behind.
    _auto_dir = os.path.join(
        tempfile.gettempdir(),
        f"tape-metrics-{os.getuid()}-{os.environ['TAPE_METRICS_PORT'].strip()}",
    )
    os.makedirs(_auto_dir, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _auto_dir

if os.environ.get("PROMETHEUS_MULTIPROC_DIR") and values.ValueClass is values.MutexValue:
    # prometheus-client chooses its value storage when it is imported, and it often is before
    # tape (the ``celery`` command imports Flower, which imports it): choose again, before
    # tape's metrics are made, so every pool child writes its own file.
    values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]

logger = logging.getLogger(__name__)

__all__ = [
    "CONNECTOR_CALLS",
    "CONTENT_TYPE",
    "DISPATCH_LATENCY",
    "MODEL_CALLS_LOST",
    "PASS_DURATION",
    "JournalCollector",
    "exposition",
    "start_worker_exporter",
    "timed_pass",
]

CONTENT_TYPE = prometheus_client.CONTENT_TYPE_LATEST

_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)

DISPATCH_LATENCY = prometheus_client.Histogram(
    "tape_dispatch_latency_seconds",
    "From an outbox effect being due to its connector being called.",
    ["connector"],
    buckets=_SECONDS,
)
CONNECTOR_CALLS = prometheus_client.Histogram(
    "tape_connector_call_seconds",
    "Connector dispatch calls by outcome (confirmed, failed, unknown, ...).",
    ["connector", "outcome"],
    buckets=_SECONDS,
)
PASS_DURATION = prometheus_client.Histogram(
    "tape_pass_duration_seconds",
    "Reactor pass durations.",
    ["reactor"],
    buckets=_SECONDS,
)

MODEL_CALLS_LOST = prometheus_client.Counter(
    "tape_model_calls_lost",
    "Model calls found in flight when their attempt's process died (charged, asked again).",
    ["model"],
)

F = TypeVar("F", bound=Callable[..., Any])


def multiprocess_dir() -> str:
    """``PROMETHEUS_MULTIPROC_DIR`` when it names a directory, else ""."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    return folder if folder and os.path.isdir(folder) else ""


def timed_pass(reactor: str) -> Callable[[F], F]:
    """Observe each call of the decorated pass in ``tape_pass_duration_seconds``."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with PASS_DURATION.labels(reactor).time():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


@contextlib.contextmanager
def connector_call(connector: str, due_at_ms: int) -> Iterator[Callable[[str], None]]:
    """Time one connector call: the block gets a function to name its outcome with."""
    if due_at_ms > 0:
        DISPATCH_LATENCY.labels(connector).observe(max(0.0, time.time() - due_at_ms / 1000))
    outcome = ["raised"]
    started = time.perf_counter()
    try:
        yield lambda name: outcome.__setitem__(0, name)
    finally:
        CONNECTOR_CALLS.labels(connector, outcome[0]).observe(time.perf_counter() - started)


class JournalCollector(Collector):
    """Gauges read from the journal at each scrape.

    Args:
        journal: a :class:`tape.Journal` (anything with its ``count_*`` reads).
    """

    def __init__(self, journal: Any) -> None:
        self.journal = journal

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("tape_journal_up", "1 when the journal could be read.")
        try:
            families = list(self._families())
        except Exception as exc:
            logger.warning("metrics: journal not readable: %s", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self) -> Iterator[Metric]:
        j = self.journal
        runs = j.count_runs_by_status()
        effects = j.count_effects_by_status()
        obligations = j.count_obligations_by_status()
        by_run = GaugeMetricFamily("tape_runs", "Runs by status.", labels=["status"])
        for status, count in runs.items():
            by_run.add_metric([status.name], count)
        by_effect = GaugeMetricFamily("tape_effects", "Effects by status.", labels=["status"])
        for status, count in effects.items():
            by_effect.add_metric([status.name], count)
        by_obligation = GaugeMetricFamily(
            "tape_obligations", "Compensation obligations by status.", labels=["status"]
        )
        for status, count in obligations.items():
            by_obligation.add_metric([status.name], count)
        yield from (by_run, by_effect, by_obligation)
        # What needs a human, counted as every triage screen counts it (tape.journal.triage).
        attention = triage.counts(j)
        yield _gauge("tape_runs_stuck", "Runs STUCK: a human must look.", attention["runs_stuck"])
        yield _gauge(
            "tape_effects_unknown",
            "Effects UNKNOWN (the reconciler asks the upstream).",
            attention["effects_unknown"],
        )
        yield _gauge(
            "tape_effects_stuck",
            "UNKNOWN effects no observation could settle.",
            attention["effects_stuck"],
        )
        yield _gauge(
            "tape_obligations_unresolved",
            "Obligations PENDING, COMMITTED or STUCK.",
            attention["obligations_unresolved"],
        )
        yield _gauge(
            "tape_triage_attention",
            "What the dashboard's triage badge counts: effects UNKNOWN and obligations STUCK.",
            attention["needs_attention"],
        )
        lag = GaugeMetricFamily(
            "tape_reactor_lag_seconds",
            "Age of the oldest item due and not yet picked up, per reactor.",
            labels=["reactor"],
        )
        now_ms = j.database.now_ms()
        for reactor, due_ms in j.oldest_due_ms().items():
            lag.add_metric([reactor], max(0, now_ms - due_ms) / 1000 if due_ms else 0.0)
        yield lag
        holder = entries.horizon_holder(j.database)
        yield _gauge(
            "tape_journal_horizon_age_seconds",
            "How long the oldest transaction in progress on the Postgres cluster has held "
            "journal readers back (0: none; SQLite: always 0).",
            holder["age_s"] if holder is not None else 0.0,
        )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation)
    family.add_metric([], value)
    return family


def process_registry() -> Any:
    """The registry of this process's observed metrics: every process's, summed, in
    multiprocess mode; this process's own otherwise."""
    folder = multiprocess_dir()
    if not folder:
        return prometheus_client.REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    return registry


def exposition(journal: Any) -> bytes:
    """The text exposition of the observed metrics and the journal's gauges."""
    gauges = CollectorRegistry(auto_describe=False)
    gauges.register(JournalCollector(journal))
    return bytes(
        prometheus_client.generate_latest(process_registry())
        + prometheus_client.generate_latest(gauges)
    )


def prepare_worker() -> None:
    """In the worker's main process, before the pool forks: empty the multiprocess directory,
    so counts of a previous run of this worker are not added to this one's."""
    folder = multiprocess_dir()
    if not folder or not os.environ.get("TAPE_METRICS_PORT", "").strip():
        return
    for name in os.listdir(folder):
        if name.endswith(".db"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(folder, name))


def start_worker_exporter(journal: Any = None) -> int:
    """Serve ``/metrics`` on ``TAPE_METRICS_PORT`` (``TAPE_METRICS_ADDR``, default all
    interfaces) from a thread of the worker's main process, with ``journal``'s gauges; returns
    the port, 0 when off (no port, or no journal)."""
    port_text = os.environ.get("TAPE_METRICS_PORT", "").strip()
    if not port_text:
        return 0
    if journal is None:
        return 0
    registry = CollectorRegistry(auto_describe=False)
    folder = multiprocess_dir()
    if folder:
        multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    registry.register(JournalCollector(journal))
    addr = os.environ.get("TAPE_METRICS_ADDR", "0.0.0.0")
    server, _ = prometheus_client.start_http_server(int(port_text), addr=addr, registry=registry)
    port = int(server.server_port)
    logger.info("metrics exporter on %s:%d", addr, port, extra={"action": "metrics-exporter"})
    return port


def mark_process_dead(pid: int | None = None) -> None:
    """Tell the multiprocess store a pool child is gone (its live gauges are dropped)."""
    if multiprocess_dir():
        multiprocess.mark_process_dead(pid or os.getpid())  # type: ignore[no-untyped-call]
