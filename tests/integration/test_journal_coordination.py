"""Budgets, gates (signals) and durable timers (both backends)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tape import Journal, RunStatus
from tape.errors import IllegalTransition, RunNotFound, TimerNotFound
from tests.support.clock import FakeClock

# The journal contract, on every backend, and through a tape server (tape://).
pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def new_run(j: Any, *, session: str = "s", owner: str = "w1") -> str:
    return str(
        j.begin_run(
            app_name="app",
            user_id="u",
            session_id=session,
            invocation_id=uuid.uuid4().hex,
            lease_owner=owner,
        ).run_id
    )


def gate_rows(j: Any, run_id: str) -> list[Any]:
    return list(j.read_journal(run_id=run_id, kind="gate", limit=10_000))


# -- budgets ---------------------------------------------------------------------------------


def test_budget_usd_and_token_caps(journal: Any) -> None:
    run_id = new_run(journal)
    free = journal.admit_budget(run_id=run_id, usd_estimate=1e6, token_estimate=10**9)
    assert free.admitted and free.reason == ""
    assert journal.get_budget(run_id=run_id).usd_cap == 0
    journal.set_budget(run_id=run_id, usd_cap=1.0)
    assert journal.admit_budget(run_id=run_id, usd_estimate=0.5).admitted
    spent = journal.charge_budget(run_id=run_id, usd=0.9, tokens=10)
    assert (spent.usd_spent, spent.tokens_spent) == (pytest.approx(0.9), 10)
    refused = journal.admit_budget(run_id=run_id, usd_estimate=0.5)
    assert not refused.admitted
    assert refused.reason == "usd cap 1.00 would be exceeded (spent 0.90 + estimate 0.50)"
    assert journal.admit_budget(run_id=run_id, usd_estimate=0.1).admitted  # exactly at the cap
    # new caps keep what was spent
    kept = journal.set_budget(run_id=run_id, token_cap=100)
    assert (kept.usd_cap, kept.token_cap, kept.tokens_spent) == (0, 100, 10)
    assert kept.usd_spent == pytest.approx(0.9)
    journal.charge_budget(run_id=run_id, tokens=70)
    tokens = journal.admit_budget(run_id=run_id, token_estimate=30)
    assert not tokens.admitted
    assert tokens.reason == "token cap 100 would be exceeded (spent 80 + estimate 30)"
    assert journal.admit_budget(run_id=run_id, token_estimate=20).admitted
    # usd is checked first
    journal.set_budget(run_id=run_id, usd_cap=0.5, token_cap=1)
    both = journal.admit_budget(run_id=run_id, usd_estimate=1, token_estimate=5)
    assert both.reason.startswith("usd cap 0.50 would be exceeded")
    rows = journal.read_journal(run_id=run_id, kind="budget")
    assert [r.payload["transition"] for r in rows] == ["set", "charged", "set", "charged", "set"]
    with pytest.raises(RunNotFound):
        journal.set_budget(run_id="nope", usd_cap=1)
    with pytest.raises(RunNotFound):
        journal.charge_budget(run_id="nope", usd=1)


# -- signals ---------------------------------------------------------------------------------


def test_signal_before_await_and_await_when_not_running(journal: Any) -> None:
    # -- a signal sent before the await is delivered at once
    run_id = new_run(journal)
    sent = journal.send_signal(run_id=run_id, gate_name="cfo", resolution_json={"approved": True})
    assert (sent.accepted, sent.run_id, sent.run_status) == (True, run_id, RunStatus.UNSPECIFIED)
    got = journal.await_signal(run_id=run_id, gate_name="cfo")
    assert got.delivered is True
    assert got.resolution == {"approved": True}
    assert journal.get_run(run_id=run_id).status == RunStatus.RUNNING

    # -- only a RUNNING run can park on a gate
    run_id = new_run(journal)
    journal.end_run(run_id=run_id, status=RunStatus.TERMINAL)
    before = journal.read_journal(limit=10_000)
    with pytest.raises(IllegalTransition):
        journal.await_signal(run_id=run_id, gate_name="g")
    assert journal.read_journal(limit=10_000) == before
    assert journal.get_run(run_id=run_id).status == RunStatus.TERMINAL
    with pytest.raises(RunNotFound):
        journal.await_signal(run_id="missing", gate_name="g")


def test_await_parks_and_send_releases(journal: Any) -> None:
    run_id = new_run(journal)
    waiting = journal.await_signal(run_id=run_id, gate_name="cfo", payload_json={"amt": 5})
    assert (waiting.delivered, waiting.resolution_json) == (False, "")
    run = journal.get_run(run_id=run_id)
    assert run.status == RunStatus.WAITING
    assert (run.waiting_on_gate, run.lease_owner, run.lease_expires_at_ms) == ("cfo", "", 0)
    assert gate_rows(journal, run_id)[-1].subject == f"/tape/gate/waiting/cfo/{run_id}"
    other = journal.send_signal(run_id=run_id, gate_name="legal", resolution_json={"ok": 1})
    assert other.accepted and other.run_status == RunStatus.UNSPECIFIED
    assert journal.get_run(run_id=run_id).status == RunStatus.WAITING
    released = journal.send_signal(
        run_id=run_id, gate_name="cfo", resolution_json={"approved": True}
    )
    assert released.accepted and released.run_status == RunStatus.RUNNABLE
    run = journal.get_run(run_id=run_id)
    assert (run.status, run.waiting_on_gate) == (RunStatus.RUNNABLE, "")
    last = gate_rows(journal, run_id)[-1]
    assert last.subject == f"/tape/gate/released/cfo/{run_id}"
    assert last.payload["transition"] == "released"
    # first delivery wins
    before = journal.read_journal(limit=10_000)
    late = journal.send_signal(run_id=run_id, gate_name="cfo", resolution_json={"approved": False})
    assert late.accepted is False
    assert journal.read_journal(limit=10_000) == before
    # the re-driven worker takes the lease and finds the first resolution
    journal.resume_run(run_id=run_id, lease_owner="w2")
    got = journal.await_signal(run_id=run_id, gate_name="cfo")
    assert got.delivered and got.resolution == {"approved": True}
    assert journal.get_run(run_id=run_id).status == RunStatus.RUNNING


def test_send_signal_by_session(tj: Journal, clock: FakeClock) -> None:
    new_run(tj, session="s1")
    clock.advance(10)
    newest = new_run(tj, session="s1")
    new_run(tj, session="s2")
    tj.await_signal(run_id=newest, gate_name="g")
    sent = tj.send_signal(
        app_name="app", user_id="u", session_id="s1", gate_name="g", resolution_json={"x": 1}
    )
    assert (sent.run_id, sent.run_status) == (newest, RunStatus.RUNNABLE)
    before = tj.read_journal(limit=10_000)
    with pytest.raises(RunNotFound, match="no run for that session"):
        tj.send_signal(app_name="app", user_id="u", session_id="nobody", gate_name="g")
    with pytest.raises(RunNotFound):
        tj.send_signal(run_id="missing", gate_name="g")
    assert tj.read_journal(limit=10_000) == before


# -- timers ----------------------------------------------------------------------------------


def test_set_timer_is_create_only_and_cancel(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    t = tj.set_timer(
        run_id=run_id,
        timer_id="t1",
        fire_at_ms=clock.now + 1_000,
        kind="gate_timeout",
        payload_json={"gate": "cfo"},
    )
    assert (t.timer_id, t.fired, t.payload) == ("t1", False, {"gate": "cfo"})
    same = tj.set_timer(run_id=run_id, timer_id="t1", fire_at_ms=clock.now, kind="redrive")
    assert same == t
    generated = tj.set_timer(run_id=run_id, fire_at_ms=clock.now, kind="redrive")
    assert generated.timer_id and generated.timer_id != "t1"
    assert tj.cancel_timer(run_id=run_id, timer_id="t1") is True
    assert tj.cancel_timer(run_id=run_id, timer_id="t1") is False
    assert tj.cancel_timer(run_id=run_id, timer_id="never") is False
    clock.advance(2_000)
    assert [x.timer_id for x in tj.list_due_timers()] == [generated.timer_id]
    with pytest.raises(RunNotFound):
        tj.set_timer(run_id="missing", fire_at_ms=1, kind="redrive")


def test_claiming_due_timers_respects_the_limit(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    for i in range(4):
        tj.set_timer(run_id=run_id, timer_id=f"t{i}", fire_at_ms=clock.now + i * 100, kind="k")
    clock.advance(300)
    a = tj.list_due_timers(claim=True, claimer="a", limit=2)
    b = tj.list_due_timers(claim=True, claimer="b", limit=10)
    assert [x.timer_id for x in a] == ["t0", "t1"]
    assert [x.timer_id for x in b] == ["t2", "t3"]
    assert {x.claimed_by for x in a} == {"a"} and {x.claimed_by for x in b} == {"b"}


def test_due_timers_claims_and_firing(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    for i in range(3):
        tj.set_timer(run_id=run_id, timer_id=f"t{i}", fire_at_ms=clock.now + i * 100, kind="k")
    tj.set_timer(run_id=run_id, timer_id="future", fire_at_ms=clock.now + 10_000, kind="k")
    clock.advance(200)
    due = tj.list_due_timers()
    assert [x.timer_id for x in due] == ["t0", "t1", "t2"]
    assert all(not x.claimed_by for x in due)  # listing without claim changes nothing
    a = tj.list_due_timers(claim=True, claimer="a", lease_ttl_ms=1_000)
    b = tj.list_due_timers(claim=True, claimer="b", lease_ttl_ms=1_000)
    assert [x.timer_id for x in a] == ["t0", "t1", "t2"]
    assert b == []
    assert {x.claimed_by for x in a} == {"a"} and all(x.attempts == 1 for x in a)
    assert all(x.claim_expires_at_ms == clock.now + 1_000 for x in a)
    assert tj.list_due_timers() == []  # claimed timers are not due for others
    with pytest.raises(IllegalTransition):
        tj.mark_timer_fired(run_id=run_id, timer_id="t0", claimer="b")
    fired = tj.mark_timer_fired(run_id=run_id, timer_id="t0", claimer="a")
    assert fired.fired and fired.fired_at_ms == clock.now
    assert tj.mark_timer_fired(run_id=run_id, timer_id="t0", claimer="a") == fired
    assert tj.cancel_timer(run_id=run_id, timer_id="t0") is False
    with pytest.raises(TimerNotFound):
        tj.mark_timer_fired(run_id=run_id, timer_id="nope", claimer="a")
    # a's claim expires: its unfired timers are listed and claimed again (at least once)
    clock.advance(1_000)
    assert [x.timer_id for x in tj.list_due_timers()] == ["t1", "t2"]
    again = tj.list_due_timers(claim=True, claimer="d", lease_ttl_ms=1_000)
    assert [x.timer_id for x in again] == ["t1", "t2"]
    assert all(x.attempts == 2 and x.claimed_by == "d" for x in again)
    with pytest.raises(IllegalTransition):  # a lost its claim
        tj.mark_timer_fired(run_id=run_id, timer_id="t1", claimer="a")
    for x in again:
        tj.mark_timer_fired(run_id=run_id, timer_id=x.timer_id, claimer="d")
    later = clock.now + 20_000
    assert [x.timer_id for x in tj.list_due_timers(now_ms=later)] == ["future"]
    rows = tj.read_journal(run_id=run_id, kind="timer")
    fired_ids = [r.payload["timer_id"] for r in rows if r.payload.get("transition") == "fired"]
    assert fired_ids == ["t0", "t1", "t2"]
