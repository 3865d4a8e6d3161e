"""The beat-ticked compensation, timer and recovery passes on real processes.

``celery -A tape beat`` and ``celery -A tape worker --pool=prefork`` run as subprocesses
(tests.support.celery_procs) against Postgres and Redis, importing
``tests.support.reactor_handlers``, whose compensator, timer handler and re-drive count every
call in Redis. Nothing is sent by hand: every pass here was ticked by a beat.

Covers issue 4's tests 3 (two beats for most of a minute: no pass does double work), 4 (SIGKILL
of the beat and of a worker child mid-pass: nothing is lost, later ticks finish the work) and
5 (a gate timeout fires through a timer and releases the waiting run).
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tape import Journal, ObligationStatus, RunStatus
from tests.support import celery_procs, databases
from tests.support.reactor_handlers import Counts

pytestmark = pytest.mark.postgres_only

T = TypeVar("T")


def wait_until(probe: Callable[[], T], *, timeout: float, message: str) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(0.2)


#: Counters live in a Redis database no test flushes (other suites flush the test database
#: while they run), under a prefix of this test's own.
COUNT_REDIS_URL = databases.REDIS_URL.rsplit("/", 1)[0] + "/12"


@pytest.fixture
def counts() -> Iterator[Counts]:
    client = Counts(COUNT_REDIS_URL, f"beat-test:{uuid.uuid4().hex}")
    yield client
    for key in client.r.keys(f"{client.prefix}:*"):
        client.r.delete(key)
    client.close()


def env_for(pg_url: str, redis_url: str, counts: Counts, **extra: object) -> dict[str, str]:
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.reactor_handlers",
        "TAPE_DISPATCH_HINTS": "0",
        "TAPE_TIMERS_INTERVAL": "0.5",
        "TAPE_COMPENSATION_INTERVAL": "0.5",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_OUTBOX_INTERVAL": "5",
        "TAPE_RECONCILE_INTERVAL": "5",
        "COUNT_REDIS_URL": COUNT_REDIS_URL,
        "COUNT_PREFIX": counts.prefix,
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def new_run(j: Journal, *, ttl_ms: int = 120_000, input_json: Any = None) -> str:
    return j.begin_run(
        app_name="beat",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="test",
        lease_ttl_ms=ttl_ms,
        input_json=input_json,
    ).run_id


def owe(j: Journal, run_id: str, item: str, index: int, sleep_s: float = 0.0) -> None:
    effect = j.begin_effect(run_id=run_id, decision_index=index, tool_name="wire")
    j.register_compensation(
        run_id=run_id,
        effect_key=effect.idempotency_key,
        kind="count_inverse",
        payload_json={"item": item, "sleep_s": sleep_s},
        due=True,  # owed now: the beat's pass drains it whatever the run does
    )


def obligation_statuses(j: Journal, runs: list[str]) -> dict[str, ObligationStatus]:
    return {
        json.loads(o.payload_json)["item"]: o.status
        for r in runs
        for o in j.list_obligations(run_id=r)
    }


def unfired_timers(j: Journal) -> int:
    return len(j.list_due_timers(now_ms=int(time.time() * 1000) + 10**9, limit=10_000))


def test_two_beats_for_most_of_a_minute_do_no_double_work(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, counts: Counts
) -> None:
    env = env_for(pg_url, redis_url, counts)
    procs = [
        celery_procs.beat(tmp_path / "beat1", env),
        celery_procs.beat(tmp_path / "beat2", env),
        celery_procs.worker(tmp_path, env, name="w1", concurrency=2),
        celery_procs.worker(tmp_path, env, name="w2", concurrency=2),
    ]
    runs: list[str] = []
    items: list[str] = []
    timer_ids: list[str] = []
    rng = random.Random(4)
    with celery_procs.running(procs):
        deadline = time.monotonic() + 35
        i = 0
        while time.monotonic() < deadline:  # a steady trickle of work while both beats tick
            run_id = new_run(pg_journal, ttl_ms=1500)  # expires: recovery must re-drive it
            runs.append(run_id)
            items.append(f"o{i}")
            owe(pg_journal, run_id, f"o{i}", 0)
            timer_ids.append(f"t{i}")
            pg_journal.set_timer(
                run_id=run_id,
                timer_id=f"t{i}",
                fire_at_ms=int(time.time() * 1000) + rng.randint(0, 2000),
                kind="count_timer",
            )
            i += 1
            time.sleep(0.25)

        def settled() -> bool:
            statuses = obligation_statuses(pg_journal, runs)
            done = all(s == ObligationStatus.COMPENSATED for s in statuses.values())
            ended = all(pg_journal.get_run(run_id=r).status == RunStatus.TERMINAL for r in runs)
            return done and ended and unfired_timers(pg_journal) == 0

        wait_until(settled, timeout=60, message="every obligation, timer and run handled")
        time.sleep(2)  # a few more ticks of both beats: still nothing done twice
        ticks = [p.count(r"Sending due task tape\.reactors\.compensate") for p in procs[:2]]

    assert len(items) >= 100
    assert min(ticks) >= 30, f"both beats must have ticked all along: {ticks}"
    done = counts.hgetall("done")
    assert {k: int(v) for k, v in done.items()} == {item: 1 for item in items}
    assert counts.hgetall("started") == done
    assert {k: int(v) for k, v in counts.hgetall("timers").items()} == {t: 1 for t in timer_ids}
    assert {k: int(v) for k, v in counts.hgetall("redrives").items()} == {r: 1 for r in runs}
    assert all(pg_journal.get_run(run_id=r).redrive_count == 1 for r in runs)


def test_sigkill_of_beat_and_worker_child_mid_pass_loses_nothing(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, counts: Counts
) -> None:
    # A short claim lease, so the killed child's claim expires within the test.
    env = env_for(pg_url, redis_url, counts, TAPE_REACTOR_LEASE_MS=3000)
    runs = [new_run(pg_journal) for _ in range(3)]
    items = [f"slow{i}" for i in range(9)]
    for i, item in enumerate(items):
        owe(pg_journal, runs[i % 3], item, i, sleep_s=1.0)
    now = int(time.time() * 1000)
    timer_ids = [f"t{i}" for i in range(10)]
    for i, timer_id in enumerate(timer_ids):
        pg_journal.set_timer(
            run_id=runs[i % 3], timer_id=timer_id, fire_at_ms=now + 500 * i, kind="count_timer"
        )
    first_beat = celery_procs.beat(tmp_path / "beat1", env)
    worker = celery_procs.worker(tmp_path, env, name="w1", concurrency=2)
    second_beat = celery_procs.beat(tmp_path / "beat2", env)
    with celery_procs.running([worker, first_beat]):
        inflight: str = wait_until(
            lambda: counts.get("inflight") or "", timeout=30, message="an inverse in flight"
        )
        victim_item, victim_pid = inflight.split(":")
        assert int(victim_pid) in worker.pool_pids()
        os.killpg(first_beat.pid, signal.SIGKILL)  # the beat, mid-pass
        os.kill(int(victim_pid), signal.SIGKILL)  # the child running the inverse
        first_beat.proc.wait(timeout=10)  # type: ignore[union-attr]
        time.sleep(1)
        with celery_procs.running([second_beat]):

            def settled() -> bool:
                statuses = obligation_statuses(pg_journal, runs)
                return all(s == ObligationStatus.COMPENSATED for s in statuses.values()) and (
                    unfired_timers(pg_journal) == 0
                )

            wait_until(settled, timeout=60, message="every obligation and timer handled")
        assert worker.count("WorkerLostError|SIGKILL") >= 1

    done = {k: int(v) for k, v in counts.hgetall("done").items()}
    started = {k: int(v) for k, v in counts.hgetall("started").items()}
    assert set(done) == set(items), f"every inverse completed: {done}"
    assert all(n == 1 for n in done.values()), done  # no inverse completed twice
    # The killed call ran again once its claim expired: at least once for the inverse.
    assert started[victim_item] == 2
    assert all(started[i] == 1 for i in items if i != victim_item)
    assert {k: int(v) for k, v in counts.hgetall("timers").items()} == {t: 1 for t in timer_ids}
    claims = [
        e
        for r in runs
        for e in pg_journal.read_journal(run_id=r, kind="obligation", limit=1000)
        if e.payload.get("transition") == "claimed"
    ]
    assert len(claims) == len(items) + 1  # one extra claim: the killed one taken over


def test_gate_timeout_fires_through_beat_and_releases_the_run(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, counts: Counts
) -> None:
    env = env_for(pg_url, redis_url, counts)
    run_id = new_run(pg_journal, input_json={"gate": "cfo-approval"})
    assert not pg_journal.await_signal(run_id=run_id, gate_name="cfo-approval").delivered
    procs = [
        celery_procs.beat(tmp_path, env),
        celery_procs.worker(tmp_path, env, name="w1", concurrency=2),
    ]
    with celery_procs.running(procs):
        pg_journal.set_timer(
            run_id=run_id,
            timer_id="cfo-timeout",
            fire_at_ms=int(time.time() * 1000) + 3000,
            kind="gate_timeout",
            payload_json={"gate": "cfo-approval", "resolution": {"approved": False}},
        )
        time.sleep(1.5)  # passes tick meanwhile: a WAITING run without an answer stays put
        assert pg_journal.get_run(run_id=run_id).status == RunStatus.WAITING  # not yet due
        wait_until(
            lambda: pg_journal.get_run(run_id=run_id).status == RunStatus.TERMINAL,
            timeout=30,
            message="the run released by the timeout, re-driven and finished",
        )
    assert json.loads(counts.hget("resolutions", run_id) or "{}") == {
        "approved": False,
        "timed_out": True,
    }
    assert counts.hget("redrives", run_id) == "1"
    assert unfired_timers(pg_journal) == 0
    transitions = [
        e.payload.get("transition")
        for e in pg_journal.read_journal(run_id=run_id, kind="gate", limit=100)
    ]
    assert "released" in transitions
