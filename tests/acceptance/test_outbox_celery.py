"""Contract tests of the outbox dispatcher on real Celery workers, Postgres and Redis.

Workers are real ``celery -A tape worker --pool=prefork`` processes (tests.support.celery_procs)
that import ``tests.support.worker_connectors``; the upstream is a ``FakeUpstream`` (a real HTTP
bank in this process, with fault injection). Passes are sent as Celery tasks by a client app;
no beat runs, so every pass a test expects is one it sent.

DESIGN decisions covered: 3 (a claim marks an attempt in flight; a dead dispatcher's
NON_IDEMPOTENT effect goes UNKNOWN, an IDEMPOTENT one is re-sent with the same key), 9 (backoff
and the final FAILED), 10 (HTTP outcomes through the pass), "Celery" (delivery is only a hint:
redelivery and racing passes never send twice), and the outbox CLI of seeds/000.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import re
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import redis
import sqlalchemy
from celery import Celery

from tape import (
    DispatchMode,
    EffectRecord,
    EffectSemantics,
    EffectStatus,
    Journal,
    ObligationStatus,
    hints,
)
from tape import connectors as connector_registry
from tape.config import Settings
from tape.reactors import outbox
from tape.testing import FakeUpstream
from tests.support import celery_procs
from tests.support.outbox_connectors import AlwaysFails, bank_connector

pytestmark = pytest.mark.postgres_only

PASS_TASK = "tape.reactors.outbox"
HINT_TASK = "tape.outbox.dispatch"
T = TypeVar("T")


# ---- helpers -----------------------------------------------------------------------------------


def wait_until(
    probe: Callable[[], T],
    *,
    timeout: float,
    interval: float = 0.1,
    message: str | Callable[[], str] = "condition",
    tick: Callable[[], None] | None = None,
) -> T:
    """Poll ``probe`` until it returns something truthy; ``tick`` runs between polls."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            text = message() if callable(message) else message
            raise AssertionError(f"timed out after {timeout}s waiting for {text}")
        if tick is not None:
            tick()
        time.sleep(interval)


def new_run(journal: Journal) -> str:
    return journal.begin_run(
        app_name="acceptance",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="test",
    ).run_id


def outbox_effect(
    journal: Journal,
    run_id: str,
    index: int,
    *,
    connector: str = "bank.wire",
    idempotent: bool = False,
    tool: str = "wire_money",
    business_key: str = "",
) -> EffectRecord:
    semantics = EffectSemantics.IDEMPOTENT if idempotent else EffectSemantics.NON_IDEMPOTENT
    return journal.begin_effect(
        run_id=run_id,
        decision_index=index,
        tool_name=tool,
        request_json={"account": f"acc-{index}", "amount": 100 + index},
        semantics=semantics,
        dispatch_mode=DispatchMode.OUTBOX,
        connector=connector,
        business_key=business_key,
    )


def current(journal: Journal, effect: EffectRecord) -> EffectRecord:
    found = journal.get_effect(run_id=effect.run_id, idempotency_key=effect.idempotency_key)
    assert found is not None
    return found


def transitions(journal: Journal, effect: EffectRecord) -> list[str]:
    rows = journal.read_journal(run_id=effect.run_id, kind="effect", limit=1000)
    return [
        r.payload["transition"]
        for r in rows
        if r.payload.get("idempotency_key") == effect.idempotency_key and "transition" in r.payload
    ]


def sent_with_key(bank: FakeUpstream, key: str) -> list[Any]:
    """POST /wires requests the bank received carrying this Idempotency-Key."""
    return [r for r in bank.requests if r.path == "/wires" and r.idempotency_key == key]


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
    wait_until(lambda: marker.exists() and marker.read_text().strip(), timeout=20, message="crash")
    killed = int(marker.read_text())
    assert killed in pool, (killed, pool)
    wait_until(lambda: not celery_procs.pid_alive(killed), timeout=10, message="child death")
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
    env = worker_env(pg_url, redis_url, bank, CRASH_MARKER=marker, TAPE_DISPATCH_LEASE_MS=1500)
    app = celery_client()
    with celery_procs.celery_workers(tmp_path, env, concurrency=2) as (worker,):
        killed, _ = _crash_and_expire(tmp_path, app, worker, pg_journal, effect, bank, marker)
        held = current(pg_journal, effect)
        assert held.status in (EffectStatus.PENDING, EffectStatus.UNKNOWN)
        assert held.dispatch_attempts == 1

        # Passes after the lease expired turn the in-flight attempt into UNKNOWN.
        wait_until(
            lambda: current(pg_journal, effect).status == EffectStatus.UNKNOWN,
            timeout=20,
            interval=0.3,
            tick=lambda: app.send_task(PASS_TASK),
            message=lambda: f"UNKNOWN (is {current(pg_journal, effect).status.name})",
        )
        # More passes (and the redelivery already seen) never send it again.
        later = [app.send_task(PASS_TASK).id for _ in range(3)]
        wait_until(
            lambda: set(later) <= set(task_lines(worker, PASS_TASK, "succeeded")),
            timeout=20,
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
        env = worker_env(pg_url, redis_url, bank, CRASH_MARKER=marker, TAPE_DISPATCH_LEASE_MS=1500)
        with celery_procs.celery_workers(tmp_path, env, concurrency=2) as (worker,):
            _crash_and_expire(tmp_path, app, worker, pg_journal, effect, bank, marker)
            wait_until(
                lambda: current(pg_journal, effect).status == EffectStatus.CONFIRMED,
                timeout=20,
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
    assert final.external_ref == "wire-1"  # the original wire, from the 409 body
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


# ---- 5. backoff and the final FAILED -----------------------------------------------------------


def test_failed_dispatch_backs_off_exponentially_then_fails_final(
    pg_url: str, registry: None
) -> None:
    now = [1_800_000_000_000]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        connector = connector_registry.register(AlwaysFails())
        effect = outbox_effect(journal, new_run(journal), 0, connector="always.fails")
        options = outbox.OutboxOptions(connector="always.fails", claimer="test-backoff")

        for attempt, delay in enumerate([1000, 2000, 4000, 8000], start=1):
            rows = outbox.run_once(journal, options)
            assert [r["result"] for r in rows] == ["retry-scheduled"], rows
            got = current(journal, effect)
            assert got.status == EffectStatus.PENDING
            assert got.dispatch_attempts == attempt
            assert got.next_dispatch_at_ms - now[0] == delay
            now[0] += delay - 1
            assert outbox.run_once(journal, options) == [], "dispatched before it was due"
            now[0] += 1

        rows = outbox.run_once(journal, options)
        assert [r["result"] for r in rows] == ["failed"], rows
        final = current(journal, effect)
        assert final.status == EffectStatus.FAILED
        assert final.dispatch_attempts == 5
        assert final.error["final"] is True
        assert final.error["attempts"] == 5
        assert final.error["last"]["message"] == "try later"
        assert connector.calls == 5
        now[0] += 3_600_000
        assert outbox.run_once(journal, options) == []
        assert connector.calls == 5
        assert transitions(journal, effect) == [
            *(["dispatch-retry-scheduled"] * 4),
            "dispatch-failed",
        ]
    finally:
        journal.close()


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


def test_outbox_command_refuses_a_tape_server_url() -> None:
    proc = subprocess.run(
        [str(celery_procs.VENV_BIN / "tape"), "outbox", "--url", "tape://x", "--once"],
        cwd=celery_procs.REPO_ROOT,
        env=celery_procs.process_env({}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "database" in proc.stderr and "URL" in proc.stderr, proc.stderr
    assert "postgresql://" in proc.stderr, proc.stderr
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


# ---- attempts are counted for real sends only ------------------------------------------------


def test_hint_on_a_worker_without_the_connector_leaves_the_effect_untouched(
    pg_journal: Journal, bank: FakeUpstream, registry: None
) -> None:
    """A fleet where only some workers import a connector: a hint that lands on the wrong one
    gives the claim back "untouched" (tape/reactors/outbox.py) — no attempt is used up, so the
    real send is attempt 1 and max_attempts still counts real sends only."""
    effect = outbox_effect(pg_journal, new_run(pg_journal), 0)
    row = outbox.dispatch_one(
        pg_journal, effect.run_id, effect.idempotency_key, outbox.OutboxOptions(claimer="other")
    )
    assert row["result"] == "skipped"
    back = current(pg_journal, effect)
    assert back.status == EffectStatus.PENDING
    assert back.dispatch_claimed_by == ""
    assert back.dispatch_attempts == 0, "a send that never happened was counted as an attempt"

    connector_registry.register(bank_connector(bank.url))
    rows = outbox.run_once(pg_journal, outbox.OutboxOptions(claimer="owner"))
    assert [r["result"] for r in rows] == ["confirmed"]
    (sent,) = sent_with_key(bank, effect.idempotency_key)
    assert sent.headers["X-Tape-Attempt"] == "1"
    assert current(pg_journal, effect).dispatch_attempts == 1


class _Died(BaseException):
    """Stands for the dispatcher's process dying mid-call: nothing after it runs."""


class _DiesMidCall:
    name = "dies.midcall"

    def __init__(self) -> None:
        self.calls = 0

    def dispatch(self, effect: Any) -> Any:
        self.calls += 1
        raise _Died

    def observe(self, effect: Any) -> Any:
        raise NotImplementedError

    def compensate(self, obligation: Any) -> Any:
        raise NotImplementedError


def test_idempotent_effect_whose_dispatcher_keeps_dying_is_not_resent_forever(
    pg_url: str, registry: None
) -> None:
    """DESIGN 3 lets an IDEMPOTENT effect be re-sent after its dispatcher died, and DESIGN 9
    bounds sending by max_attempts (default 5). A poison effect that kills every dispatcher
    must stop being re-sent after max_attempts (and leave PENDING for UNKNOWN or FAILED),
    not crash-loop the workers forever."""
    now = [1_800_000_000_000]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        connector = connector_registry.register(_DiesMidCall())
        effect = outbox_effect(
            journal, new_run(journal), 0, connector="dies.midcall", idempotent=True
        )
        options = outbox.OutboxOptions(claimer="mortal", lease_ms=1000, max_attempts=5)
        for _ in range(10):
            with contextlib.suppress(_Died):
                outbox.run_once(journal, options)
            now[0] += 1001  # the dead dispatcher's lease runs out
        # Passes 1-5 each claim it (an attempt each) and die in the call; pass 6 finds the
        # fifth claim expired with every attempt used: UNKNOWN (it may have landed, so the
        # reconciler asks; FAILED would be a guess). Passes 7-10 find nothing to do.
        final = current(journal, effect)
        assert connector.calls == 5, f"sent {connector.calls} times with max_attempts=5"
        assert final.status == EffectStatus.UNKNOWN, final.status
        assert final.dispatch_attempts == 5
        assert final.last_dispatch_error == "dispatcher lost mid-call (claim expired)"
        assert transitions(journal, effect) == ["dispatch-claim-expired"]
    finally:
        journal.close()


# ---- a connector that raises: the "raised" row of the outbox table -------------------------


class _Raises:
    """A connector with a bug: every call raises a plain exception after it may have sent."""

    name = "raises"

    def __init__(self) -> None:
        self.calls = 0

    def dispatch(self, effect: Any) -> Any:
        self.calls += 1
        raise RuntimeError("connector bug after the request went out")

    def observe(self, effect: Any) -> Any:
        raise NotImplementedError

    def compensate(self, obligation: Any) -> Any:
        raise NotImplementedError


def test_connector_raising_makes_non_idempotent_unknown_and_never_resends(
    pg_url: str, registry: None
) -> None:
    now = [1_800_000_000_000]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        connector = connector_registry.register(_Raises())
        effect = outbox_effect(journal, new_run(journal), 0, connector="raises")
        options = outbox.OutboxOptions(claimer="test-raises")
        rows = outbox.run_once(journal, options)
        assert [r["result"] for r in rows] == ["unknown"], rows
        got = current(journal, effect)
        assert got.status == EffectStatus.UNKNOWN
        assert got.dispatch_attempts == 1
        assert got.dispatch_claimed_by == ""
        assert json.loads(got.last_dispatch_error) == {
            "reason": "connector raised",
            "type": "RuntimeError",
            "message": "connector bug after the request went out",
        }
        now[0] += 3_600_000
        assert outbox.run_once(journal, options) == []  # UNKNOWN is for the reconciler
        assert connector.calls == 1
        assert transitions(journal, effect) == ["dispatch-unknown"]
    finally:
        journal.close()


def test_connector_raising_retries_an_idempotent_effect_with_backoff_then_fails(
    pg_url: str, registry: None
) -> None:
    now = [1_800_000_000_000]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        connector = connector_registry.register(_Raises())
        effect = outbox_effect(journal, new_run(journal), 0, connector="raises", idempotent=True)
        options = outbox.OutboxOptions(claimer="test-raises", max_attempts=3)
        for attempt, delay in enumerate([1000, 2000], start=1):
            rows = outbox.run_once(journal, options)
            assert [r["result"] for r in rows] == ["retry-scheduled"], rows
            got = current(journal, effect)
            assert got.status == EffectStatus.PENDING
            assert got.dispatch_attempts == attempt
            assert got.next_dispatch_at_ms - now[0] == delay
            assert json.loads(got.last_dispatch_error)["type"] == "RuntimeError"
            now[0] += delay - 1
            assert outbox.run_once(journal, options) == [], "re-sent before it was due"
            now[0] += 1
        rows = outbox.run_once(journal, options)
        assert [r["result"] for r in rows] == ["failed"], rows
        final = current(journal, effect)
        assert final.status == EffectStatus.FAILED
        assert final.error["final"] is True and final.error["attempts"] == 3
        assert final.error["last"]["type"] == "RuntimeError"
        assert connector.calls == 3
        assert transitions(journal, effect) == [
            "dispatch-retry-scheduled",
            "dispatch-retry-scheduled",
            "dispatch-failed",
        ]
    finally:
        journal.close()


# ---- a confirmed effect with a compensator owes one obligation --------------------------------


@pytest.mark.parametrize("batch", [1, 3], ids=["alone", "in-a-batch"])
def test_confirmed_effect_with_a_compensator_owes_exactly_one_obligation(
    batch: int, pg_journal: Journal, bank: FakeUpstream, registry: None
) -> None:
    """One confirmation at a time, and Postgres's set-based confirmation of a batch, both
    register the obligation; an effect without a compensator owes none."""
    run_id = new_run(pg_journal)
    owing = [
        pg_journal.begin_effect(
            run_id=run_id,
            decision_index=i,
            tool_name="wire_money",
            request_json={"account": f"acc-{i}", "amount": 100},
            semantics=EffectSemantics.NON_IDEMPOTENT,
            dispatch_mode=DispatchMode.OUTBOX,
            connector="bank.wire",
            compensate_kind="reverse_wire",
        )
        for i in range(batch)
    ]
    plain = outbox_effect(pg_journal, run_id, batch) if batch > 1 else None
    connector_registry.register(bank_connector(bank.url))
    options = outbox.OutboxOptions(claimer="test-compensator")
    rows = outbox.run_once(pg_journal, options)
    assert sorted(r["result"] for r in rows) == ["confirmed"] * (batch + (plain is not None))
    assert outbox.run_once(pg_journal, options) == []
    owed = pg_journal.list_obligations(run_id=run_id)
    assert sorted(o.effect_key for o in owed) == sorted(e.idempotency_key for e in owing)
    for obligation in owed:
        effect = current(
            pg_journal, next(e for e in owing if e.idempotency_key == obligation.effect_key)
        )
        assert effect.status == EffectStatus.CONFIRMED
        assert obligation.status == ObligationStatus.PENDING
        assert obligation.kind == "reverse_wire"
        assert obligation.payload["external_ref"] == effect.external_ref
        assert obligation.attempts == 0 and obligation.claimed_by == ""


# ---- Retry-After through the pass ----------------------------------------------------------------


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_retry_after_schedules_the_next_dispatch(
    form: str, pg_url: str, bank: FakeUpstream, registry: None
) -> None:
    # The journal's clock stands still (at the wall-clock time the connector reads), so when
    # the effect is due again depends on next_dispatch_at_ms alone, not on the machine's speed.
    now = [int(time.time() * 1000)]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        effect = outbox_effect(journal, new_run(journal), 0)
        when_s = int(time.time()) + 30  # HTTP-dates have whole seconds
        header = "7" if form == "seconds" else email.utils.formatdate(when_s, usegmt=True)
        bank.respond(429, {"error": "slow down"}, headers={"Retry-After": header})
        connector_registry.register(bank_connector(bank.url))
        options = outbox.OutboxOptions(claimer="test-retry-after")
        before = int(time.time() * 1000)
        rows = outbox.run_once(journal, options)
        after = int(time.time() * 1000)
        assert [r["result"] for r in rows] == ["retry-scheduled"], rows
        got = current(journal, effect)
        assert got.status == EffectStatus.PENDING and got.dispatch_attempts == 1
        due = got.next_dispatch_at_ms
        if form == "seconds":
            assert before + 7000 <= due <= after + 7000
        else:
            assert when_s * 1000 - 1 <= due <= when_s * 1000 + (after - before) + 1
        # Not the dispatcher's own first backoff step (1 s): the upstream's schedule.
        now[0] = due - 1
        assert outbox.run_once(journal, options) == []
        assert len(sent_with_key(bank, effect.idempotency_key)) == 1
        now[0] = due
        assert [r["result"] for r in outbox.run_once(journal, options)] == ["confirmed"]
        assert len(sent_with_key(bank, effect.idempotency_key)) == 2
    finally:
        journal.close()


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
