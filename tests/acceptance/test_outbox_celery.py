"""Contract tests of the outbox dispatcher on real Celery workers, Postgres and Redis.

Workers are real ``celery -A tape worker --pool=prefork`` processes (tests.support.celery_procs)
that import ``tests.support.worker_connectors``; the upstream is a ``FakeUpstream`` (a real HTTP
bank in this process, with fault injection). Passes are sent as Celery tasks by a client app;
no beat runs, so every pass a test expects is one it sent.

docs/design.md decisions covered: 3 (a claim marks an attempt in flight; a dead dispatcher's
NON_IDEMPOTENT effect goes UNKNOWN, an IDEMPOTENT one is re-sent with the same key), 10 (HTTP
outcomes through the pass; secrets never journaled or logged), "Celery" (delivery is only a
hint: redelivery and racing passes never send twice), and the outbox CLI of docs/deployment.md. The
pass's outcomes one by one, in this process, are in ``test_outbox_outcomes.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import sqlalchemy
from celery import Celery

from tape import EffectRecord, EffectStatus, Journal, hints
from tape import connectors as connector_registry
from tape.config import Settings
from tape.reactors import outbox
from tape.testing import FakeUpstream
from tests.support import celery_procs
from tests.support.outbox_connectors import bank_connector
from tests.support.outbox_effects import current, new_run, outbox_effect, sent_with_key, transitions
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

PASS_TASK = "tape.reactors.outbox"
HINT_TASK = "tape.outbox.dispatch"


# ---- helpers -----------------------------------------------------------------------------------


def worker_env(pg_url: str, redis_url: str, bank: FakeUpstream, **extra: object) -> dict[str, str]:
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.worker_connectors",
        "TAPE_DISPATCH_HINTS": "0",
        "BANK_URL": bank.url,
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def broker_backlog(redis_url: str) -> dict[str, int]:
    """Messages this session's broker still holds: queued (the queue lists) or delivered but
    unacked (kombu's ``unacked`` hash), by key."""
    prefix = os.environ["TAPE_BROKER_KEYPREFIX"]
    client = redis.Redis.from_url(redis_url)
    try:
        sizes = {}
        for raw in client.keys(f"{prefix}*"):
            key = raw.decode()
            if client.type(raw) == b"list":
                sizes[key] = int(client.llen(raw))
            elif key == f"{prefix}unacked":
                sizes[key] = int(client.hlen(raw))
        return {k: n for k, n in sizes.items() if n}
    finally:
        client.close()


def task_lines(proc: celery_procs.CeleryProc, task: str, event: str) -> list[str]:
    """Task ids in the worker log's ``Task <name>[<id>] <event>`` lines, in order."""
    return re.findall(rf"Task {re.escape(task)}\[([0-9a-f-]+)\] {event}", proc.log())


@pytest.fixture
def celery_client(
    pg_url: str, redis_url: str, no_hint_publisher: None
) -> Iterator[Callable[..., Celery]]:
    """Build Celery client apps on the test broker; ``hints=True`` installs the publisher."""
    from tape.celery_app import create_app

    hints.set_publisher(None)  # importing tape.celery_app installs one for the default broker
    made: list[Celery] = []

    def make(*, dispatch_hints: bool = False) -> Celery:
        app = create_app(
            Settings(broker_url=redis_url, database_url=pg_url, dispatch_hints=dispatch_hints)
        )
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()


@pytest.fixture
def registry() -> Iterator[None]:
    """In-process connector registrations, forgotten afterwards."""
    connector_registry.clear()
    yield
    connector_registry.clear()


# ---- 1. racing passes on two workers ------------------------------------------------------------


def test_racing_passes_on_two_workers_send_every_effect_exactly_once(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    bank: FakeUpstream,
    celery_client: Callable[..., Celery],
) -> None:
    n = 1000
    runs = [new_run(pg_journal) for _ in range(4)]
    effects = [
        outbox_effect(pg_journal, runs[i % 4], i, connector="bank.rendezvous") for i in range(n)
    ]
    keys = {e.idempotency_key for e in effects}
    app = celery_client()
    # Each pool process's first send waits until two processes are sending: passes that
    # provably overlapped, however the machine schedules them (one pass alone could drain all).
    rendezvous = tmp_path / "rendezvous"
    rendezvous.mkdir()
    env = worker_env(pg_url, redis_url, bank, TAPE_DISPATCH_BATCH=250, RENDEZVOUS_DIR=rendezvous)

    def confirmed() -> int:
        statuses = Counter(e.status for r in runs for e in pg_journal.list_effects(run_id=r))
        assert set(statuses) <= {EffectStatus.PENDING, EffectStatus.CONFIRMED}, statuses
        return statuses[EffectStatus.CONFIRMED]

    def two_passes() -> None:
        app.send_task(PASS_TASK)
        app.send_task(PASS_TASK)

    with celery_procs.celery_workers(tmp_path, env, count=2, concurrency=2) as workers:
        two_passes()
        last_tick = [time.monotonic()]

        def more_passes() -> None:
            if time.monotonic() - last_tick[0] > 1.0:
                two_passes()
                last_tick[0] = time.monotonic()

        wait_until(
            lambda: confirmed() == n,
            timeout=90,
            interval=0.2,
            tick=more_passes,
            message=lambda: f"{n} CONFIRMED effects (have {confirmed()})",
        )
        logs = [w.log() for w in workers]

    final = [e for r in runs for e in pg_journal.list_effects(run_id=r)]
    assert len(final) == n
    assert all(e.status == EffectStatus.CONFIRMED for e in final)
    assert all(e.dispatch_attempts == 1 for e in final), "an effect was claimed twice"
    assert all(e.dispatch_claimed_by == "" for e in final)
    refs = [e.external_ref for e in final]
    assert len(set(refs)) == n and all(r.startswith("wire-") for r in refs)
    stats = bank.stats()
    assert stats["total"] == n
    assert stats["requests"] == n
    assert set(stats["per_key"]) == keys
    assert set(stats["per_key"].values()) == {1}
    # The passes raced: at least the two pool processes that met at the rendezvous each
    # confirmed a share, and the shares add up to exactly n.
    shares = [
        (i, proc, json.loads(summary).get("confirmed", 0))
        for i, log in enumerate(logs)
        for proc, summary in re.findall(r"/(ForkPoolWorker-\d+)\] outbox pass: (\{.*\})", log)
    ]
    assert sum(s for _, _, s in shares) == n, shares
    assert len([s for s in shares if s[2]]) >= 2, shares
    assert len(list(rendezvous.iterdir())) >= 2


# ---- 2./3. a worker child killed mid-dispatch, after the upstream committed ------------------


#: The dispatch claim lease in the crash tests: the killed child's claim must expire within
#: the test, but a live pass (claim, send, record) must never outlive its own claim on a
#: loaded machine, or a racing pass would take a live dispatch for a dead one.
LEASE_MS = 8000


def _crash_and_expire(
    tmp_path: Path,
    app: Celery,
    worker: celery_procs.CeleryProc,
    journal: Journal,
    effect: EffectRecord,
    bank: FakeUpstream,
    marker: Path,
) -> tuple[int, str]:
    """Send one pass; wait for the connector to SIGKILL its pool child after the upstream
    booked the wire and for Celery to redeliver the killed pass. Returns (killed pid, task id)."""
    pool = worker.wait_pool(2)
    task_id = app.send_task(PASS_TASK).id
    wait_until(lambda: marker.exists() and marker.read_text().strip(), timeout=60, message="crash")
    killed = int(marker.read_text())
    assert killed in pool, (killed, pool)
    wait_until(lambda: not celery_procs.pid_alive(killed), timeout=30, message="child death")
    assert len(sent_with_key(bank, effect.idempotency_key)) == 1
    # acks_late + reject_on_worker_lost: the killed pass is delivered again, and runs.
    wait_until(
        lambda: task_lines(worker, PASS_TASK, "succeeded").count(task_id) >= 1,
        timeout=30,
        message=lambda: f"the redelivered pass {task_id} to run:\n{worker.log()[-4000:]}",
    )
    assert re.search(r"signal 9|SIGKILL|WorkerLostError", worker.log()), worker.log()[-4000:]
    return killed, task_id


def test_worker_killed_after_commit_non_idempotent_goes_unknown_never_resent(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    bank: FakeUpstream,
    celery_client: Callable[..., Celery],
) -> None:
    marker = tmp_path / "crash.marker"
    effect = outbox_effect(pg_journal, new_run(pg_journal), 0, connector="bank.crash")
    env = worker_env(pg_url, redis_url, bank, CRASH_MARKER=marker, TAPE_DISPATCH_LEASE_MS=LEASE_MS)
    app = celery_client()
    with celery_procs.celery_workers(tmp_path, env, concurrency=2) as (worker,):
        killed, _ = _crash_and_expire(tmp_path, app, worker, pg_journal, effect, bank, marker)
        held = current(pg_journal, effect)
        assert held.status in (EffectStatus.PENDING, EffectStatus.UNKNOWN)
        assert held.dispatch_attempts == 1

        # Passes after the lease expired turn the in-flight attempt into UNKNOWN.
        wait_until(
            lambda: current(pg_journal, effect).status == EffectStatus.UNKNOWN,
            timeout=60,
            interval=0.3,
            tick=lambda: app.send_task(PASS_TASK),
            message=lambda: f"UNKNOWN (is {current(pg_journal, effect).status.name})",
        )
        # More passes (and the redelivery already seen) never send it again.
        later = [app.send_task(PASS_TASK).id for _ in range(3)]
        wait_until(
            lambda: set(later) <= set(task_lines(worker, PASS_TASK, "succeeded")),
            timeout=60,
            message="three more passes",
        )
        assert killed not in worker.wait_pool(2)  # the pool replaced the dead child

    final = current(pg_journal, effect)
    assert final.status == EffectStatus.UNKNOWN
    assert final.dispatch_attempts == 1
    assert "claim expired" in final.last_dispatch_error
    assert len(sent_with_key(bank, effect.idempotency_key)) == 1
    assert bank.count(effect.idempotency_key) == 1
    steps = transitions(pg_journal, effect)
    assert steps.count("dispatch-claim-expired") == 1, steps
    assert "dispatch-confirmed" not in steps


def test_worker_killed_after_commit_idempotent_is_resent_with_same_key(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    celery_client: Callable[..., Celery],
) -> None:
    marker = tmp_path / "crash.marker"
    effect = outbox_effect(
        pg_journal, new_run(pg_journal), 0, connector="bank.crash", idempotent=True
    )
    app = celery_client()
    with FakeUpstream(dedupe=True) as bank:  # an idempotent provider: 409 on a repeated key
        env = worker_env(
            pg_url, redis_url, bank, CRASH_MARKER=marker, TAPE_DISPATCH_LEASE_MS=LEASE_MS
        )
        with celery_procs.celery_workers(tmp_path, env, concurrency=2) as (worker,):
            _crash_and_expire(tmp_path, app, worker, pg_journal, effect, bank, marker)
            wait_until(
                lambda: current(pg_journal, effect).status == EffectStatus.CONFIRMED,
                timeout=60,
                interval=0.3,
                tick=lambda: app.send_task(PASS_TASK),
                message=lambda: f"CONFIRMED (is {current(pg_journal, effect).status.name})",
            )
        sent = sent_with_key(bank, effect.idempotency_key)
        booked = bank.count(effect.idempotency_key)

    assert len(sent) == 2
    assert [r.headers["X-Tape-Attempt"] for r in sent] == ["1", "2"]
    assert booked == 1  # the provider deduplicated the re-send
    final = current(pg_journal, effect)
    assert final.status == EffectStatus.CONFIRMED
    assert final.dispatch_attempts == 2
    assert final.external_ref == "wire-1"  # the first wire, from the 409 body
    assert "dispatch-claim-expired" not in transitions(pg_journal, effect)


# ---- 4. HTTP outcomes through the pass -------------------------------------------------------


def test_pass_maps_http_outcomes_end_to_end(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    bank: FakeUpstream,
    celery_client: Callable[..., Celery],
    registry: None,
) -> None:
    run_id = new_run(pg_journal)
    names = ["ok", "dup", "bad", "e503", "slow", "reset"]
    eff = {name: outbox_effect(pg_journal, run_id, i) for i, name in enumerate(names)}
    key = {name: e.idempotency_key for name, e in eff.items()}
    bank.respond(409, {"external_ref": "wire-original-77", "error": "duplicate"}, key=key["dup"])
    bank.respond(400, {"error": "no such account"}, key=key["bad"])
    bank.respond(503, {"error": "down"}, key=key["e503"], commit=True)
    # Books, then holds its answer until the bank stops: the client's read timeout fires after
    # the commit, however slowly the loaded machine serves the other requests.
    bank.delay(3600, key=key["slow"])
    bank.reset_connection(key=key["reset"])  # books, then resets the socket
    app = celery_client()
    env = worker_env(pg_url, redis_url, bank, BANK_TIMEOUT_S=5)

    def settled() -> bool:
        return all(current(pg_journal, e).status != EffectStatus.PENDING for e in eff.values())

    with celery_procs.celery_workers(tmp_path, env, concurrency=2) as (worker,):
        first = app.send_task(PASS_TASK).id
        wait_until(settled, timeout=60, message="every effect to leave PENDING")
        assert first in task_lines(worker, PASS_TASK, "succeeded")
        # More passes re-send nothing: UNKNOWN is for the reconciler, FAILED is final.
        later = [app.send_task(PASS_TASK).id for _ in range(2)]
        wait_until(
            lambda: set(later) <= set(task_lines(worker, PASS_TASK, "succeeded")),
            timeout=20,
            message="two more passes",
        )

    got = {name: current(pg_journal, e) for name, e in eff.items()}
    assert {n: e.status.name for n, e in got.items()} == {
        "ok": "CONFIRMED",
        "dup": "CONFIRMED",
        "bad": "FAILED",
        "e503": "UNKNOWN",
        "slow": "UNKNOWN",
        "reset": "UNKNOWN",
    }
    assert got["ok"].external_ref.startswith("wire-")
    assert got["ok"].response["external_ref"] == got["ok"].external_ref
    assert got["dup"].external_ref == "wire-original-77"
    failed = got["bad"].error
    assert failed["final"] is True and failed["attempts"] == 1
    assert failed["last"]["status_code"] == 400
    for name in ("e503", "slow", "reset"):
        assert got[name].dispatch_attempts == 1
        assert got[name].next_dispatch_at_ms == 0
    for name in names:
        assert len(sent_with_key(bank, key[name])) == 1, name
    assert bank.count(key["slow"]) == 1  # the bank booked the one the client timed out on
    assert bank.count(key["reset"]) == 1
    assert bank.count(key["e503"]) == 1

    # Connection refused: the request provably never left -> PENDING, retry scheduled.
    connector_registry.register(bank_connector(bank.url))
    refused = outbox_effect(pg_journal, run_id, 10)
    bank.refuse()
    try:
        before = pg_journal.database.now_ms()
        rows = outbox.run_once(
            pg_journal, outbox.OutboxOptions(connector="bank.wire", claimer="test-refused")
        )
    finally:
        bank.resume()
    assert [(r["idempotency_key"], r["result"]) for r in rows] == [
        (refused.idempotency_key, "retry-scheduled")
    ]
    after = current(pg_journal, refused)
    assert after.status == EffectStatus.PENDING
    assert after.dispatch_attempts == 1
    assert after.dispatch_claimed_by == ""
    assert before + 1000 <= after.next_dispatch_at_ms <= pg_journal.database.now_ms() + 1000
    assert "DefinitelyNotApplied" in after.last_dispatch_error
    assert sent_with_key(bank, refused.idempotency_key) == []


# ---- 6. the outbox command, as users run it ----------------------------------------------------


def test_python_m_outbox_once_confirms_with_log_connector(
    tmp_path: Path, pg_url: str, pg_journal: Journal
) -> None:
    business_key = f"bk-py-{uuid.uuid4().hex[:8]}"
    effect = outbox_effect(
        pg_journal,
        new_run(pg_journal),
        0,
        connector="log",
        tool="log_dispatch",
        business_key=business_key,
    )
    log_path = tmp_path / "outbox.jsonl"
    proc = subprocess.run(
        [
            str(celery_procs.VENV_BIN / "python"),
            "-m",
            "tape.reactors.outbox",
            "--url",
            pg_url,
            "--once",
            "--register-log-connector",
            "--log-connector-path",
            str(log_path),
        ],
        cwd=celery_procs.REPO_ROOT,
        env=celery_procs.process_env({}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stdout
    doc = json.loads(lines[0])
    assert list(doc) == ["outbox"]
    assert [(r["idempotency_key"], r["result"]) for r in doc["outbox"]] == [
        (effect.idempotency_key, "confirmed")
    ]
    final = wait_until(
        lambda: (e := current(pg_journal, effect)).status == EffectStatus.CONFIRMED and e,
        timeout=10,
        message="CONFIRMED",
    )
    assert final.external_ref.startswith("log-")
    written = [json.loads(line) for line in log_path.read_text().splitlines()]
    assert [(w["idempotency_key"], w["business_key"]) for w in written] == [
        (effect.idempotency_key, business_key)
    ]


def test_outbox_command_refuses_a_malformed_tape_server_url() -> None:
    proc = subprocess.run(
        [str(celery_procs.VENV_BIN / "tape"), "outbox", "--url", "tape://", "--once"],
        cwd=celery_procs.REPO_ROOT,
        env=celery_procs.process_env({}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "tape://host:7878" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


# ---- 7. dispatch hints -------------------------------------------------------------------------


def test_dispatch_hint_dispatches_without_beat_and_repeats_are_harmless(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    bank: FakeUpstream,
    celery_client: Callable[..., Celery],
) -> None:
    env = worker_env(pg_url, redis_url, bank, TAPE_DISPATCH_HINTS=1)
    with celery_procs.celery_workers(tmp_path, env, concurrency=2) as (worker,):
        celery_client(dispatch_hints=True)  # installs the hint publisher on the test broker
        effect = outbox_effect(pg_journal, new_run(pg_journal), 0)
        assert hints.publish(effect.run_id, effect.idempotency_key) is True
        final = wait_until(
            lambda: (e := current(pg_journal, effect)).status == EffectStatus.CONFIRMED and e,
            timeout=30,
            interval=0.05,
            message=lambda: f"CONFIRMED (is {current(pg_journal, effect).status.name})",
        )
        for _ in range(3):
            assert hints.publish(effect.run_id, effect.idempotency_key) is True
        wait_until(
            lambda: len(task_lines(worker, HINT_TASK, "succeeded")) >= 4,
            timeout=30,
            message="four hints to run",
        )
    # Counted once the worker has stopped (a warm shutdown finishes what it started) and the
    # broker holds nothing more for it: a late duplicate delivery cannot be missed.
    received = task_lines(worker, HINT_TASK, "received")
    passes = task_lines(worker, PASS_TASK, "received")
    assert broker_backlog(redis_url) == {}

    assert final.dispatch_attempts == 1
    assert len(sent_with_key(bank, effect.idempotency_key)) == 1
    assert bank.count() == 1
    assert passes == [], "no pass was sent: the hint alone dispatched it"
    # Each published hint is one message, delivered once.
    assert len(received) == 4 and len(set(received)) == 4, received


# ---- secrets never journaled or logged, through a real worker --------------------------------

SECRET = "Bearer sekrit-outbox-token-0123456789"


def test_auth_header_never_reaches_journal_effects_or_worker_log(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    bank: FakeUpstream,
    celery_client: Callable[..., Celery],
) -> None:
    run_id = new_run(pg_journal)
    ok, bad, e503 = (outbox_effect(pg_journal, run_id, i) for i in range(3))
    # Careless upstreams: error pages that quote the request's headers back.
    bank.respond(400, {"error": "no such account"}, key=bad.idempotency_key, echo_headers=True)
    bank.respond(503, {"error": "down"}, key=e503.idempotency_key, commit=True, echo_headers=True)
    app = celery_client()
    env = worker_env(pg_url, redis_url, bank, BANK_AUTH=SECRET)
    with celery_procs.celery_workers(tmp_path, env, concurrency=2) as (worker,):
        task_id = app.send_task(PASS_TASK).id
        wait_until(
            lambda: task_id in task_lines(worker, PASS_TASK, "succeeded"),
            timeout=60,
            message="the pass to run",
        )
    log = worker.log()

    assert {
        k: current(pg_journal, e).status for k, e in (("ok", ok), ("bad", bad), ("e503", e503))
    } == {
        "ok": EffectStatus.CONFIRMED,
        "bad": EffectStatus.FAILED,
        "e503": EffectStatus.UNKNOWN,
    }
    # The header was sent (and the 400 and the 503 quoted it back)...
    posts = [r for r in bank.requests if r.path == "/wires"]
    assert len(posts) == 3 and all(r.headers["Authorization"] == SECRET for r in posts)
    assert current(pg_journal, bad).error["last"] == {
        "type": "HTTPError",
        "status_code": 400,
        "message": "HTTP 400",
        "retryable": False,
    }
    # ...yet no table row of the journal database and no line of the worker's log holds it.
    engine = sqlalchemy.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            names = sqlalchemy.inspect(conn).get_table_names()
            assert {"tape_journal", "tape_effects"} <= set(names)
            dumped = {
                name: repr(conn.execute(sqlalchemy.text(f'SELECT * FROM "{name}"')).all())
                for name in names
            }
    finally:
        engine.dispose()
    assert "sekrit" in SECRET
    for name, text in dumped.items():
        assert "sekrit" not in text, f"the secret is in table {name}"
    assert "effect outcome unknown" in log  # the 503 was logged...
    assert "sekrit" not in log  # ...without the secret
