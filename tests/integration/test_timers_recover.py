"""The timer and recovery passes (both backends)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from tape import Journal, RunState, RunStatus, TimerRecord, registry
from tape.reactors import recover, timers
from tests.support.clock import FakeClock


@pytest.fixture(autouse=True)
def clean_registries() -> Iterator[None]:
    saved = registry.snapshot()
    registry.clear()
    previous = recover.set_redrive(None)
    yield
    registry.restore(saved)
    recover.set_redrive(previous)


T_OPTS = timers.TimerOptions(claimer="timers-1", lease_ms=5000)


def new_run(j: Journal, owner: str = "w1", ttl_ms: int = 120_000) -> str:
    return j.begin_run(
        app_name="app",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner=owner,
        lease_ttl_ms=ttl_ms,
    ).run_id


# -- timers ------------------------------------------------------------------------------------


def test_gate_timeout_releases_the_waiting_run(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    assert not tj.await_signal(run_id=run_id, gate_name="cfo-approval").delivered
    assert tj.get_run(run_id=run_id).status == RunStatus.WAITING
    tj.set_timer(
        run_id=run_id,
        timer_id="cfo-timeout",
        fire_at_ms=clock.now + 60_000,
        kind="gate_timeout",
        payload_json={"gate": "cfo-approval", "resolution": {"approved": False}},
    )
    assert timers.run_once(tj, T_OPTS) == []  # not due yet
    clock.advance(60_000)
    (fired,) = timers.run_once(tj, T_OPTS)
    assert fired["result"] == "fired" and fired["detail"] == "signalled cfo-approval (timeout)"
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
    assert tj.list_due_timers(now_ms=clock.now + 10**9) == []  # fired: never due again

    tj.resume_run(run_id=run_id, lease_owner="w2")
    got = tj.await_signal(run_id=run_id, gate_name="cfo-approval")
    assert got.delivered
    assert json.loads(got.resolution_json) == {"timed_out": True, "approved": False}


def test_gate_timeout_after_a_human_answered_is_rejected(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    tj.await_signal(run_id=run_id, gate_name="g")
    tj.send_signal(run_id=run_id, gate_name="g", resolution_json={"approved": True})
    tj.set_timer(
        run_id=run_id, fire_at_ms=clock.now, kind="gate_timeout", payload_json={"gate": "g"}
    )
    (fired,) = timers.run_once(tj, T_OPTS)
    assert fired["result"] == "fired" and "already resolved" in fired["detail"]
    tj.resume_run(run_id=run_id, lease_owner="w2")
    got = tj.await_signal(run_id=run_id, gate_name="g")
    assert json.loads(got.resolution_json) == {"approved": True}


def test_a_failing_action_is_retried_after_its_lease(tj: Journal, clock: FakeClock) -> None:
    calls: list[str] = []

    def flaky(journal: Any, timer: TimerRecord) -> str:
        calls.append(timer.timer_id)
        if len(calls) == 1:
            raise ConnectionError("downstream hiccup")
        return "pinged"

    registry.register_timer_handler("ping", flaky)
    run_id = new_run(tj)
    tj.set_timer(run_id=run_id, timer_id="t1", fire_at_ms=clock.now, kind="ping")
    assert [r["result"] for r in timers.run_once(tj, T_OPTS)] == ["error"]
    assert timers.run_once(tj, T_OPTS) == []  # still claimed: not fired, not re-listed yet
    clock.advance(5000)  # the claim lease expires
    (second,) = timers.run_once(tj, timers.TimerOptions(claimer="timers-2"))
    assert second == {
        "run_id": run_id,
        "timer_id": "t1",
        "kind": "ping",
        "result": "fired",
        "detail": "pinged",
    }
    assert calls == ["t1", "t1"]
    clock.advance(10**6)
    assert timers.run_once(tj, T_OPTS) == []


def test_unknown_kind_is_fired_and_ignored(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    tj.set_timer(run_id=run_id, fire_at_ms=clock.now, kind="mystery")
    (row,) = timers.run_once(tj, T_OPTS)
    assert row["result"] == "fired" and row["detail"] == "ignored: no handler for 'mystery'"


def test_reconcile_timer_without_a_reconciler_or_effect(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    tj.set_timer(
        run_id=run_id,
        fire_at_ms=clock.now,
        kind="reconcile",
        payload_json={"idempotency_key": "nope"},
    )
    (row,) = timers.run_once(tj, T_OPTS)
    assert row["result"] == "fired" and row["detail"] == "ignored: no effect 'nope'"


def test_redrive_timer(tj: Journal, clock: FakeClock) -> None:
    live = new_run(tj)
    waiting = new_run(tj)
    tj.await_signal(run_id=waiting, gate_name="g")
    for run_id in (live, waiting):
        tj.set_timer(run_id=run_id, fire_at_ms=clock.now, kind="redrive")
    rows = {r["run_id"]: r["detail"] for r in timers.run_once(tj, T_OPTS)}
    assert rows == {live: "not re-driven: run is RUNNING", waiting: "re-drive requested"}
    assert tj.get_run(run_id=live).status == RunStatus.RUNNING
    assert tj.get_run(run_id=waiting).status == RunStatus.RUNNABLE
    assert waiting in {r.run_id for r in tj.list_runs_to_recover()}


def test_concurrent_timer_passes_handle_each_timer_once(journal_url: str) -> None:
    counts: Counter[str] = Counter()
    lock = threading.Lock()

    def count(journal: Any, timer: TimerRecord) -> str:
        with lock:
            counts[timer.timer_id] += 1
        return "counted"

    registry.register_timer_handler("count", count)
    setup = Journal(journal_url)
    run_id = new_run(setup)
    now = int(time.time() * 1000)
    for i in range(60):
        setup.set_timer(run_id=run_id, timer_id=f"t{i}", fire_at_ms=now - i, kind="count")
    fired: list[list[dict[str, Any]]] = [[], []]

    def pass_loop(k: int) -> None:
        client = Journal(journal_url)
        for _ in range(6):
            fired[k] += timers.run_once(client, timers.TimerOptions(claimer=f"p{k}", limit=10))
        client.close()

    threads = [threading.Thread(target=pass_loop, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    setup.close()
    assert counts == Counter({f"t{i}": 1 for i in range(60)})
    assert sorted(r["timer_id"] for r in fired[0] + fired[1]) == sorted(f"t{i}" for i in range(60))


# -- recovery -----------------------------------------------------------------------------------


def test_no_redrive_installed_leaves_runs_alone(tj: Journal) -> None:
    run_id = new_run(tj)
    tj.end_run(run_id=run_id, status=RunStatus.STUCK)
    tj.release_run(run_id=run_id, operator="ops")  # RUNNABLE
    before = tj.get_run(run_id=run_id)
    assert [r["result"] for r in recover.run_once(tj)] == ["no-redrive"]
    assert tj.get_run(run_id=run_id) == before


def test_recovery_claims_an_expired_run_once(journal_url: str) -> None:
    setup = Journal(journal_url)
    run_id = new_run(setup, ttl_ms=1)
    epoch = setup.get_run(run_id=run_id).lease_epoch
    time.sleep(0.01)
    calls: list[tuple[RunState, str]] = []
    lock = threading.Lock()

    def redrive(journal: Journal, run: RunState, owner: str) -> None:
        with lock:
            calls.append((run, owner))

    recover.set_redrive(redrive)
    barrier = threading.Barrier(2)
    results: list[list[dict[str, Any]]] = [[], []]

    def one_pass(k: int) -> None:
        client = Journal(journal_url)
        barrier.wait()
        results[k] = recover.run_once(client, recover.RecoverOptions(claimer=f"r{k}"))
        client.close()

    threads = [threading.Thread(target=one_pass, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    run, owner = calls[0]
    assert owner in ("recovery:r0", "recovery:r1")
    assert run.lease_epoch == epoch + 1 and run.lease_owner == owner
    assert run.status == RunStatus.RUNNING
    outcomes = sorted(r["result"] for r in results[0] + results[1])
    assert outcomes in (["redriven"], ["redriven", "skipped"])
    after = setup.get_run(run_id=run_id)
    assert after.redrive_count == 1
    # The re-driven agent takes the lease over from recovery; exactly one taker wins.
    taken = setup.resume_run(
        run_id=run_id, lease_owner="agent", lease_epoch=run.lease_epoch, takeover_from=owner
    )
    assert taken.lease_epoch == epoch + 2 and taken.lease_owner == "agent"
    assert recover.run_once(setup) == []  # live lease: not recoverable
    setup.close()


def test_recovery_set_and_what_it_never_touches(tj: Journal, clock: FakeClock) -> None:
    calls: list[str] = []
    recover.set_redrive(lambda journal, run, owner: calls.append(run.run_id))
    runs = {
        name: new_run(tj)
        for name in [
            "cancelled",
            "terminal",
            "failed",
            "stuck",
            "live",
            "expired",
            "waiting",
            "signalled",
        ]
    }
    tj.end_run(run_id=runs["cancelled"], status=RunStatus.CANCELLED)
    tj.end_run(run_id=runs["terminal"], status=RunStatus.TERMINAL)
    tj.end_run(run_id=runs["failed"], status=RunStatus.FAILED)
    tj.end_run(run_id=runs["stuck"], status=RunStatus.STUCK)
    tj.await_signal(run_id=runs["waiting"], gate_name="g")
    tj.await_signal(run_id=runs["signalled"], gate_name="g")
    # Delivered on another gate: the run stays WAITING, with a signal to consume.
    tj.send_signal(run_id=runs["signalled"], gate_name="other", resolution_json={"x": 1})
    assert tj.get_run(run_id=runs["signalled"]).status == RunStatus.WAITING
    tj.resume_run(run_id=runs["live"], lease_owner="w1", lease_ttl_ms=10**9)
    clock.advance(200_000)  # every other lease expired

    results = recover.run_once(tj, recover.RecoverOptions(claimer="r"))
    assert sorted(calls) == sorted([runs["expired"], runs["signalled"]])
    assert {r["result"] for r in results} == {"redriven"}
    for name in ("cancelled", "terminal", "failed", "stuck"):
        assert tj.get_run(run_id=runs[name]).lease_owner == ""
    assert tj.get_run(run_id=runs["waiting"]).status == RunStatus.WAITING
    assert tj.get_run(run_id=runs["live"]).lease_owner == "w1"
    clock.advance(10**6)  # even long after: over is over
    calls.clear()
    recover.run_once(tj, recover.RecoverOptions(claimer="r"))
    assert runs["cancelled"] not in calls and runs["terminal"] not in calls
    assert set(calls) <= {runs["expired"], runs["signalled"], runs["live"]}


def test_a_failing_redrive_is_retried_after_the_recovery_lease(
    tj: Journal, clock: FakeClock
) -> None:
    attempts: list[int] = []

    def redrive(journal: Journal, run: RunState, owner: str) -> None:
        attempts.append(run.lease_epoch)
        if len(attempts) == 1:
            raise RuntimeError("broker down")

    recover.set_redrive(redrive)
    run_id = new_run(tj, ttl_ms=1000)
    clock.advance(1001)  # recoverable once strictly past expiry
    opts = recover.RecoverOptions(claimer="r", lease_ms=3000)
    assert [r["result"] for r in recover.run_once(tj, opts)] == ["redrive-failed"]
    assert recover.run_once(tj, opts) == []  # recovery's own lease is live
    clock.advance(3001)
    assert [r["result"] for r in recover.run_once(tj, opts)] == ["redriven"]
    assert attempts[1] == attempts[0] + 1
    assert tj.get_run(run_id=run_id).redrive_count == 2
