"""Traces and JSON logs of one agent run through real Celery processes (issue 12, tests 2-3).

A client process calls ``treasury.delay(...)``; a real prefork ``celery -q -A tape worker``
(``TAPE_LOG_FORMAT=json``) drives the run and dispatches its outbox wire on the hint, and the
outcome that released the run sends its agent task at once (a real beat's recovery pass is the
safety net, and the worker measures it). Every process installs the
OpenTelemetry SDK (``tests.support.otel_capture``) writing its finished spans to one file.

- Traces: every span of the run is in one trace, and the named spans come in the order the
  run made them; the journal rows carry that trace id.
- Metrics: the worker's exporter (``TAPE_METRICS_PORT``) serves the dispatch a pool child
  made, summed by the main process (prometheus-client's multiprocess mode), and the
  journal's gauges.
- Logs: every line the worker and beat wrote is one JSON object, fields in upstream Tape's
  order, and neither the bank's ``Authorization`` header value nor the database password
  appears anywhere.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from tape import EffectStatus, Journal, RunStatus
from tape.observability.logs import FIELD_ORDER
from tape.testing import FakeUpstream
from tests.support import celery_procs, otel_capture
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

BANK_SECRET = "Bearer s3cr3t-bank-token-0xC0FFEE"
DB_PASSWORD = "pw-never-logged-42"

CLIENT = """
import tests.support.otel_capture
from tests.support.agent_app import treasury

print(treasury.delay(request="pay bob 250").run_id)
"""


def _quiet(proc: celery_procs.CeleryProc) -> celery_procs.CeleryProc:
    # ``celery -q``: no banner on stdout, so every line is a log record.
    proc.args.insert(1, "-q")
    return proc


def test_one_run_is_one_trace_and_every_log_line_is_clean_json(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, bank: FakeUpstream
) -> None:
    spans_file = str(tmp_path / "spans.jsonl")
    # Local Postgres trusts the connection, so the password is never checked, only carried.
    url = make_url(pg_url).set(password=DB_PASSWORD).render_as_string(hide_password=False)
    env = {
        "TAPE_DATABASE_URL": url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": (
            "tests.support.otel_capture,tests.support.worker_connectors,tests.support.agent_app"
        ),
        "TAPE_LOG_FORMAT": "json",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "OTEL_CAPTURE_FILE": spans_file,
        "MODEL_COUNTER": str(tmp_path / "model-calls"),
        "AGENT_LEASE_MS": "30000",
        "BANK_URL": bank.url,
        "BANK_AUTH": BANK_SECRET,
        "TAPE_METRICS_PORT": str(_free_port()),
        "TAPE_METRICS_ADDR": "127.0.0.1",
    }
    worker = _quiet(celery_procs.worker(tmp_path, env, concurrency=2))
    beat = _quiet(celery_procs.beat(tmp_path, env))
    with celery_procs.running([worker]):
        client = subprocess.run(
            [sys.executable, "-c", CLIENT],
            cwd=celery_procs.REPO_ROOT,
            env=celery_procs.process_env(env),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert client.returncode == 0, client.stderr
        run_id = client.stdout.strip().splitlines()[-1]
        # No beat yet: the message .delay() sent drives the run, the hint dispatches the wire.
        wait_until(
            lambda: _wire_confirmed(pg_journal, run_id),
            timeout=60,
            message=lambda: f"the wire of {run_id} CONFIRMED:\n{worker.log()[-4000:]}",
        )
        with celery_procs.running([beat]):
            wait_until(
                lambda: pg_journal.get_run(run_id=run_id).status == RunStatus.TERMINAL,
                timeout=60,
                message=lambda: f"run {run_id} TERMINAL:\n{worker.log()[-4000:]}",
            )
            # The worker's spans end before it writes TERMINAL.
            spans = wait_until(
                lambda: (
                    [s for s in otel_capture.read(spans_file) if s["name"] == "tape.resume_run"][1:]
                    and otel_capture.read(spans_file)
                ),
                timeout=10,
                message="the second resume_run span",
            )
            # Beat's recovery pass (the safety net; this run no longer needs it) runs on the
            # worker, which measures it.
            scraped = wait_until(
                lambda: (
                    text
                    if 'tape_pass_duration_seconds_count{reactor="recover"}'
                    in (
                        text := requests.get(
                            f"http://127.0.0.1:{env['TAPE_METRICS_PORT']}/metrics", timeout=10
                        ).text
                    )
                    else None
                ),
                timeout=30,
                message="the worker's measure of a recovery pass",
            )
            # Read before the processes stop: Celery prints its shutdown notices ("worker:
            # Warm shutdown") as bare text, not through logging.
            logs = {proc.name: proc.log() for proc in (worker, beat)}
    (wire,) = [e for e in pg_journal.list_effects(run_id=run_id) if e.tool_name == "wire_money"]
    assert wire.status == EffectStatus.CONFIRMED

    # -- one run, one trace, upstream Tape's span names in the order the run made them
    mine = [s for s in spans if s["attributes"].get("tape.run_id") in (run_id, None)]
    named = [s for s in mine if s["name"].startswith("tape.")]
    traces = {s["trace_id"] for s in named}
    assert len(traces) == 1, sorted((s["name"], s["trace_id"], s["pid"]) for s in named)
    order = [s["name"] for s in named]
    expected = [
        "tape.begin_run",  # the client: Agent.delay
        "tape.resume_run",  # the worker takes the lease
        "tape.record_decision",
        "tape.begin_effect",  # the outbox wire
        "tape.dispatch_effect",  # the dispatcher, on the hint
        "tape.resume_run",  # the outcome that released the run sent its agent task at once
        "tape.record_decision",
    ]
    assert _in_order(order, expected), order
    assert len({s["pid"] for s in named}) >= 2, "the client and the worker's children"
    (trace_id,) = traces
    rows = pg_journal.read_journal(run_id=run_id, limit=1000)
    assert rows and {r.trace_id for r in rows} == {trace_id}, [
        (r.seq, r.kind, r.subject, r.trace_id) for r in rows
    ]
    assert all(r.span_id for r in rows)

    # -- JSON logs: every line parses, fields in order, no secret anywhere
    for name, text in logs.items():
        assert BANK_SECRET not in text and "s3cr3t" not in text
        assert DB_PASSWORD not in text
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines, name
        for line in lines:
            record = json.loads(line)  # raises on a line that is not JSON
            keys = list(record)
            assert keys[:3] == ["ts", "level", "msg"], line
            known = [k for k in keys if k in FIELD_ORDER]
            assert known == [k for k in FIELD_ORDER if k in record], line
            assert keys[: len(known)] == known, line
            assert all(v not in (None, "") for v in record.values()), line
    worker_records = [json.loads(line) for line in logs[worker.name].splitlines() if line.strip()]
    assert any(r.get("run_id") == run_id for r in worker_records)

    # -- the worker's exporter: the pool child's dispatch, summed by the main process
    metrics = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(scraped)
        for sample in family.samples
    }
    confirmed = (("connector", "bank.wire"), ("outcome", "confirmed"))
    assert metrics[("tape_connector_call_seconds_count", confirmed)] == 1, scraped
    assert metrics[("tape_dispatch_latency_seconds_count", (("connector", "bank.wire"),))] == 1
    assert metrics[("tape_runs", (("status", "TERMINAL"),))] == 1
    assert metrics[("tape_effects", (("status", "CONFIRMED"),))] == 1
    assert metrics[("tape_pass_duration_seconds_count", (("reactor", "recover"),))] >= 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _in_order(seen: list[str], expected: list[str]) -> bool:
    """Whether ``expected`` is a subsequence of ``seen``."""
    it = iter(seen)
    return all(name in it for name in expected)


def _wire_confirmed(journal: Journal, run_id: str) -> bool:
    wires = [e for e in journal.list_effects(run_id=run_id) if e.tool_name == "wire_money"]
    return bool(wires) and wires[0].status == EffectStatus.CONFIRMED
