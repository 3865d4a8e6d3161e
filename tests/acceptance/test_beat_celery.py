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
import re
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tape import (
    DispatchMode,
    EffectRecord,
    EffectSemantics,
    EffectStatus,
    Journal,
    ObligationStatus,
    RunStatus,
)
from tests.support import celery_procs, databases
from tests.support.reactor_handlers import Counts
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


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


def owe(
    j: Journal,
    run_id: str,
    item: str,
    index: int,
    sleep_s: float = 0.0,
    *,
    block_first: bool = False,
) -> None:
    effect = j.begin_effect(run_id=run_id, decision_index=index, tool_name="wire")
    payload: dict[str, Any] = {"item": item, "sleep_s": sleep_s}
    if block_first:
        payload["block_first"] = True
    j.register_compensation(
        run_id=run_id,
        effect_key=effect.idempotency_key,
        kind="count_inverse",
        payload_json=payload,
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


def outbox_work(
    j: Journal, run_id: str, item: str, index: int, *, lose_ack: bool = False
) -> EffectRecord:
    """An effect for the outbox pass, sent through ``count.upstream``. With ``lose_ack`` the
    send lands but answers unknown: the effect is then the reconcile pass's work."""
    request: dict[str, Any] = {"item": item}
    if lose_ack:
        request["lose_ack"] = True
    return j.begin_effect(
        run_id=run_id,
        decision_index=index,
        tool_name="send",
        request_json=request,
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector="count.upstream",
    )


def sent_due_tasks(beat: celery_procs.CeleryProc, task: str) -> int:
    """How many times ``beat`` sent ``task``."""
    return beat.count(rf"Sending due task {re.escape(task)}\b")


def passes_done(worker: celery_procs.CeleryProc, task: str) -> int:
    """How many runs of ``task`` the worker finished."""
    return worker.count(rf"Task {re.escape(task)}\[[0-9a-f-]+\] succeeded")


PASSES = (
    "tape.reactors.outbox",
    "tape.reactors.reconcile",
    "tape.reactors.compensate",
    "tape.reactors.timers",
    "tape.reactors.recover",
)


def test_two_beats_for_most_of_a_minute_do_no_double_work(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, counts: Counts
) -> None:
    """Every pass has work while both beats tick it every 0.5 s: 100 items, each an
    obligation, a timer, an expiring run (recovery), an effect to send (outbox) and an effect
    whose ack is lost (outbox, then reconcile). Each is done exactly once."""
    env = env_for(pg_url, redis_url, counts, TAPE_OUTBOX_INTERVAL=0.5, TAPE_RECONCILE_INTERVAL=0.5)
    beats = [
        celery_procs.beat(tmp_path / "beat1", env),
        celery_procs.beat(tmp_path / "beat2", env),
    ]
    workers = [
        celery_procs.worker(tmp_path, env, name="w1", concurrency=2),
        celery_procs.worker(tmp_path, env, name="w2", concurrency=2),
    ]
    n = 100
    items = [f"o{i}" for i in range(n)]
    timer_ids = [f"t{i}" for i in range(n)]
    runs: list[str] = []
    # Two long-lived runs hold the outbox and reconcile work (recovery leaves them alone).
    holders = [new_run(pg_journal, ttl_ms=3_600_000) for _ in range(2)]
    sent: list[EffectRecord] = []
    lost: list[EffectRecord] = []
    rng = random.Random(4)
    with celery_procs.running([*beats, *workers]):
        for i, item in enumerate(items):  # a steady trickle of work while both beats tick
            run_id = new_run(pg_journal, ttl_ms=1500)  # expires: recovery must re-drive it
            runs.append(run_id)
            owe(pg_journal, run_id, item, 0)
            pg_journal.set_timer(
                run_id=run_id,
                timer_id=timer_ids[i],
                fire_at_ms=int(time.time() * 1000) + rng.randint(0, 2000),
                kind="count_timer",
            )
            sent.append(outbox_work(pg_journal, holders[0], f"send-{item}", i))
            lost.append(outbox_work(pg_journal, holders[1], f"lost-{item}", i, lose_ack=True))
            # Paced by the beats, not the clock: both have sent every pass about once more.
            wait_until(
                lambda i=i: min(sent_due_tasks(b, t) for b in beats for t in PASSES) >= i // 2,
                timeout=60,
                message="both beats to keep ticking every pass",
            )

        def effect_statuses() -> set[EffectStatus]:
            return {e.status for r in holders for e in pg_journal.list_effects(run_id=r)}

        def settled() -> bool:
            statuses = obligation_statuses(pg_journal, runs)
            done = all(s == ObligationStatus.COMPENSATED for s in statuses.values())
            ended = all(pg_journal.get_run(run_id=r).status == RunStatus.TERMINAL for r in runs)
            return (
                done
                and ended
                and unfired_timers(pg_journal) == 0
                and effect_statuses() == {EffectStatus.CONFIRMED}
            )

        wait_until(settled, timeout=120, message="every item handled by every pass")
        # Both beats ticked all along, and a few more runs of every pass (started after the
        # work was done) still do nothing twice.
        ticks = {(b.name, t): sent_due_tasks(b, t) for b in beats for t in PASSES}
        done_so_far = {(w.name, t): passes_done(w, t) for w in workers for t in PASSES}

        def more_ticks() -> bool:
            return all(
                sent_due_tasks(b, t) >= ticks[(b.name, t)] + 3 for b in beats for t in PASSES
            )

        def more_passes() -> bool:
            total = {t: sum(passes_done(w, t) for w in workers) for t in PASSES}
            before = {t: sum(done_so_far[(w.name, t)] for w in workers) for t in PASSES}
            return all(total[t] >= before[t] + 3 for t in PASSES)

        wait_until(more_ticks, timeout=60, message="three more ticks of every pass by both beats")
        wait_until(more_passes, timeout=60, message="three more runs of every pass")
        # The work trickled in while both beats ticked every pass (the pacing above).
        assert min(ticks.values()) >= (n - 1) // 2, ticks

    done = counts.hgetall("done")
    assert {k: int(v) for k, v in done.items()} == {item: 1 for item in items}
    assert counts.hgetall("started") == done
    assert {k: int(v) for k, v in counts.hgetall("timers").items()} == {t: 1 for t in timer_ids}
    assert {k: int(v) for k, v in counts.hgetall("redrives").items()} == {r: 1 for r in runs}
    assert all(pg_journal.get_run(run_id=r).redrive_count == 1 for r in runs)
    # One upstream call per item and pass: each effect was sent once, and each whose ack was
    # lost was asked about once.
    dispatched = {k: int(v) for k, v in counts.hgetall("dispatched").items()}
    assert dispatched == {f"{kind}-{item}": 1 for kind in ("send", "lost") for item in items}
    observed = {k: int(v) for k, v in counts.hgetall("observed").items()}
    assert observed == {f"lost-{item}": 1 for item in items}
    for effect in sent:
        got = pg_journal.get_effect(run_id=effect.run_id, idempotency_key=effect.idempotency_key)
        assert got is not None and got.dispatch_attempts == 1
        assert got.external_ref == f"sent-{json.loads(effect.request_json)['item']}"
    for effect in lost:
        got = pg_journal.get_effect(run_id=effect.run_id, idempotency_key=effect.idempotency_key)
        assert got is not None and got.dispatch_attempts == 1
        assert got.external_ref == f"seen-{json.loads(effect.request_json)['item']}"


def test_sigkill_of_beat_and_worker_child_mid_pass_loses_nothing(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, counts: Counts
) -> None:
    # The killed child's claim must expire within the test, but never while the victim is
    # still alive and blocked (no claim heartbeat): 10 s is far beyond the few hundred ms
    # between the victim blocking and the kill, and costs one wait of 10 s.
    env = env_for(pg_url, redis_url, counts, TAPE_REACTOR_LEASE_MS=10_000)
    runs = [new_run(pg_journal) for _ in range(3)]
    victim_item = "victim"
    items = [victim_item, *(f"slow{i}" for i in range(8))]
    for i, item in enumerate(items):
        owe(pg_journal, runs[i % 3], item, i, sleep_s=0.2, block_first=item == victim_item)
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
        # The victim's inverse blocks until it is killed: it is mid-call, for sure, when killed.
        blocked: str = wait_until(
            lambda: counts.get("blocked") or "", timeout=60, message="the victim's inverse"
        )
        blocked_item, victim_pid = blocked.split(":")
        assert blocked_item == victim_item
        assert int(victim_pid) in worker.pool_pids()
        os.killpg(first_beat.pid, signal.SIGKILL)  # the beat, mid-pass
        os.kill(int(victim_pid), signal.SIGKILL)  # the child running the inverse
        first_beat.proc.wait(timeout=10)  # type: ignore[union-attr]
        with celery_procs.running([second_beat]):

            def settled() -> bool:
                statuses = obligation_statuses(pg_journal, runs)
                return all(s == ObligationStatus.COMPENSATED for s in statuses.values()) and (
                    unfired_timers(pg_journal) == 0
                )

            wait_until(settled, timeout=90, message="every obligation and timer handled")
        assert worker.count("WorkerLostError|SIGKILL") >= 1

    done = {k: int(v) for k, v in counts.hgetall("done").items()}
    started = {k: int(v) for k, v in counts.hgetall("started").items()}
    assert done == {item: 1 for item in items}, f"every inverse completed once: {done}"
    # The killed call ran again once its claim expired; nothing else ran twice.
    assert started == {item: 2 if item == victim_item else 1 for item in items}
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
        # Passes tick meanwhile: a WAITING run without an answer stays put.
        worker = procs[1]
        ticked = ("tape.reactors.timers", "tape.reactors.recover")
        wait_until(
            lambda: all(passes_done(worker, t) >= 3 for t in ticked),
            timeout=60,
            message="three runs of the timers and recovery passes",
        )
        assert pg_journal.get_run(run_id=run_id).status == RunStatus.WAITING
        pg_journal.set_timer(
            run_id=run_id,
            timer_id="cfo-timeout",
            fire_at_ms=int(time.time() * 1000) + 500,
            kind="gate_timeout",
            payload_json={"gate": "cfo-approval", "resolution": {"approved": False}},
        )
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
