"""The event bus on real ``celery -A tape worker`` processes, beat, Postgres and Redis.

One module-scoped deployment: a private ``redis-server`` (the broker and the stream sink; test 1
restarts it, which the shared Redis must never be), a Postgres journal, two prefork workers
importing ``tests.support.reaction_handlers`` and one beat. The test that kills workers and
restarts Redis runs last.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis

from tape import EffectStatus, Journal, TaskStatus
from tests.support import celery_procs, databases
from tests.support.redis_server import RedisServer, redis_server
from tests.support.runs import new_run
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


@dataclass
class Deployment:
    journal: Journal
    url: str
    redis: RedisServer
    logs: Path
    stream: str
    env: dict[str, str]
    workers: list[celery_procs.CeleryProc]
    beat: celery_procs.CeleryProc

    def log(self, name: str) -> list[dict[str, Any]]:
        path = self.logs / f"{name}.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def tasks(self, reaction_id: str, status: TaskStatus | None = None) -> list[Any]:
        return self.journal.list_tasks(reaction_id=reaction_id, status=status, limit=10_000)

    def done(self, reaction_id: str) -> int:
        return self.journal.count_tasks(reaction_id=reaction_id).get(TaskStatus.DONE, 0)


@pytest.fixture(scope="module")
def bus(
    pg_template: databases.PostgresTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp("bus")
    logs = tmp / "handlers"
    logs.mkdir()
    url = pg_template.clone()
    stream = f"tape-test-{uuid.uuid4().hex[:8]}"
    with redis_server(tmp) as server:
        env = {
            "TAPE_DATABASE_URL": url,
            "TAPE_BROKER_URL": server.url,
            "TAPE_STREAM_REDIS_URL": server.url,
            "TAPE_IMPORTS": "tests.support.reaction_handlers",
            "TAPE_TEST_REACTION_LOG": str(logs),
            "TAPE_TEST_STREAM": stream,
            "TAPE_REACTIONS_INTERVAL": "0.5",
            "TAPE_TASK_LEASE_MS": "2000",
            "TAPE_DISPATCH_HINTS": "0",
        }
        workers = [celery_procs.worker(tmp, env, name=f"w{i}", concurrency=4) for i in (1, 2)]
        beat = celery_procs.beat(tmp, env)
        journal = Journal(url)
        with celery_procs.running([*workers, beat]):
            wait_until(
                lambda: len(journal.list_reactions()) == 6,
                timeout=30,
                message="the workers registering their reactions",
            )
            yield Deployment(journal, url, server, logs, stream, env, workers, beat)
            for proc in [*workers, beat]:  # nothing left to finish: no warm shutdown wait
                proc.stop(grace=2)
        journal.close()
    pg_template.drop_clone(url)


def test_failing_handler_goes_to_dlq_with_its_error_and_backoff_then_retry(bus: Deployment) -> None:
    bus.journal.write_value(namespace="fail", key="x", value_json=1)
    (dead,) = wait_until(
        lambda: bus.tasks("always_fails", TaskStatus.DLQ), timeout=60, message="a DLQ task"
    )
    assert dead.attempts == 3
    assert dead.last_error == "RuntimeError: ledger service down"
    rows = bus.journal.read_journal(subject_pattern=f"/tape/task/*/always_fails/{dead.task_id}")
    assert [r.subject.split("/")[3] for r in rows] == [
        "created",
        "retry",
        "retry",
        "dlq",
    ]
    assert [r.payload["backoff_ms"] for r in rows if "/retry/" in r.subject] == [200, 400]
    out = subprocess.run(
        [sys.executable, "-m", "tape", "tasks", "retry", dead.task_id, "--database-url", bus.url],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(celery_procs.REPO_ROOT)},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    wait_until(
        lambda: bus.journal.read_journal(subject_pattern="/tape/task/retried/always_fails/**"),
        timeout=10,
        message="the retried row",
    )
    again = wait_until(
        lambda: (
            [t for t in bus.tasks("always_fails", TaskStatus.DLQ) if t.attempts == 3]
            and len(bus.journal.read_journal(subject_pattern="/tape/task/dlq/always_fails/**")) == 2
        ),
        timeout=60,
        message="the retried task back in the DLQ after three more attempts",
    )
    assert again


def test_max_concurrency_rate_limit_and_debounce_hold_across_workers(bus: Deployment) -> None:
    for i in range(8):
        bus.journal.write_value(namespace="serial", key=f"k{i}", value_json=i)
    for i in range(8):
        bus.journal.write_value(namespace="rate", key=f"k{i}", value_json=i)
    for i in range(50):
        bus.journal.write_value(namespace="debounce", key="hot", value_json=i)
    wait_until(lambda: bus.done("serial") == 8, timeout=60, message="8 serial tasks done")
    wait_until(lambda: bus.done("limited") == 8, timeout=60, message="8 rate-limited tasks done")
    wait_until(lambda: bus.done("debounced") == 1, timeout=60, message="the debounced task")

    calls = sorted(bus.log("serial"), key=lambda c: c["start"])
    assert len(calls) == 8
    for before, after in itertools.pairwise(calls):
        assert after["start"] >= before["end"], "two serial handlers overlapped"

    starts = sorted(t.claimed_at_ms for t in bus.tasks("limited"))
    assert len(starts) == 8
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 200  # 5 per second

    assert len(bus.tasks("debounced")) == 1
    assert [c["version"] for c in bus.log("debounced")] == [50]


def test_publish_reaction_reaches_the_redis_stream_once_per_row(bus: Deployment) -> None:
    for i in range(3):
        bus.journal.write_value(namespace="pub", key=f"k{i}", value_json=i)
    wait_until(lambda: bus.done("to_stream") == 3, timeout=60, message="3 published tasks")
    client = redis.Redis.from_url(bus.redis.url)
    entries: Any = client.xrange(bus.stream)
    ids = {fields[b"task_id"].decode() for _, fields in entries}
    assert ids == {t.task_id for t in bus.tasks("to_stream")}
    client.close()


def _confirm_wires(journal: Journal, count: int, progress: list[int]) -> None:
    run_id = new_run(journal)
    effects = journal.begin_effects(
        [{"run_id": run_id, "decision_index": i, "tool_name": "wire"} for i in range(count)]
    )
    for effect in effects:
        journal.complete_effect(
            run_id=run_id, idempotency_key=effect.idempotency_key, status=EffectStatus.CONFIRMED
        )
        progress[0] += 1


def test_every_confirmed_effect_is_handled_through_kills_and_a_redis_restart(
    bus: Deployment,
) -> None:
    total = 1000
    progress = [0]
    writers = [
        threading.Thread(target=_confirm_wires, args=(bus.journal, total // 4, progress))
        for _ in range(4)
    ]
    for w in writers:
        w.start()
    wait_until(lambda: bus.done("ledger") >= 150, timeout=60, message="150 ledger tasks done")
    victim = bus.workers[0]
    os.killpg(victim.pid, signal.SIGKILL)  # the worker and its pool, mid-handler
    victim.proc.wait(10)  # type: ignore[union-attr]
    victim.start()
    victim.wait_ready(60)
    wait_until(lambda: bus.done("ledger") >= 500, timeout=90, message="500 ledger tasks done")
    bus.redis.restart()  # every queued message is lost
    for w in writers:
        w.join()
    assert progress[0] == total
    wait_until(
        lambda: bus.done("ledger") == total,
        timeout=180,
        message=lambda: f"{total} ledger tasks done (have {bus.done('ledger')})",
    )
    confirmed = {
        e.global_seq
        for e in bus.journal.read_journal(
            subject_pattern="/tape/effect/confirmed/wire/**", limit=5000
        )
    }
    tasks = bus.tasks("ledger")
    per_row = Counter(t.source_global_seq for t in tasks)
    assert len(confirmed) == total
    assert set(per_row) == confirmed and set(per_row.values()) == {1}
    assert {t.status for t in tasks} == {TaskStatus.DONE}
    handled = {c["seq"] for c in bus.log("ledger")}
    assert handled == confirmed  # at least once each (a killed handler may have run twice)
