"""Run lifecycle, leases and fencing, recovery listing, and the decision ledger (both backends)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal, RunStatus
from tape.errors import IllegalTransition, InvalidArgument, LeaseHeld, RunNotFound, StaleLease
from tests.support.clock import FakeClock

# The journal contract, on every backend, and through a tape server (tape://).
pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def begin(j: Any, *, inv: str = "", owner: str = "w1", ttl: int = 60_000, **kw: Any) -> Any:
    return j.begin_run(
        app_name="app",
        user_id="u",
        session_id="s",
        invocation_id=inv or uuid.uuid4().hex,
        lease_owner=owner,
        lease_ttl_ms=ttl,
        **kw,
    )


def rows(j: Any, run_id: str, kind: str = "") -> list[Any]:
    return list(j.read_journal(run_id=run_id, kind=kind, limit=10_000))


def test_begin_run(journal: Any) -> None:
    # -- new, then resumed by the same owner
    first = begin(journal, inv="inv-1")
    assert first.resumed is False
    assert first.status == RunStatus.RUNNING
    assert first.lease_epoch == 1
    assert first.run.lease_owner == "w1"
    again = begin(journal, inv="inv-1")
    assert again.run_id == first.run_id
    assert again.resumed is True
    assert again.status == RunStatus.RUNNING
    assert again.lease_epoch == 1  # renewing one's own live lease keeps the epoch
    assert again.next_seq == again.run.seq_cursor + 1
    # next_seq is the seq the next journal row of the run receives
    decision = journal.record_decision(run_id=first.run_id, decision_index=0, model="m")
    assert decision.seq == again.next_seq
    assert [r.payload["transition"] for r in rows(journal, first.run_id, "run")] == ["begun"]

    # -- a live lease of another owner is never taken
    first = begin(journal, inv="inv-2", owner="w1")
    before = rows(journal, first.run_id)
    with pytest.raises(LeaseHeld) as info:
        begin(journal, inv="inv-2", owner="w2")
    assert info.value.owner == "w1"
    assert info.value.expires_at_ms == first.run.lease_expires_at_ms
    run = journal.get_run(run_id=first.run_id)
    assert (run.lease_owner, run.lease_epoch) == ("w1", 1)
    assert rows(journal, first.run_id) == before
    with pytest.raises(LeaseHeld):
        journal.resume_run(run_id=first.run_id, lease_owner="w2")

    # -- identity and input round trip
    payload = {"task": "sweep", "amounts": [1, 2.5], "nested": {"k": None}}
    res = begin(
        journal,
        input_json=payload,
        scopes=["payments", "read"],
        labels={"team": "ops"},
        tenant_id="t1",
        actor="bot",
    )
    run = journal.get_run(run_id=res.run_id)
    assert run.input == payload
    assert run.scopes == ["payments", "read"]
    assert run.labels == {"team": "ops"}
    assert (run.tenant_id, run.actor) == ("t1", "bot")
    with pytest.raises(RunNotFound):
        journal.get_run(run_id="no-such-run")

    # -- writes check the epoch they are given
    res = begin(journal)
    eff = journal.begin_effect(
        run_id=res.run_id,
        decision_index=0,
        tool_name="wire",
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector="bank",
        lease_epoch=res.lease_epoch,
    )
    assert eff.status == EffectStatus.PENDING
    with pytest.raises(StaleLease):
        journal.begin_effect(
            run_id=res.run_id, decision_index=1, tool_name="wire2", lease_epoch=res.lease_epoch + 1
        )


def test_expired_lease_is_taken_over_with_new_epoch(tj: Journal, clock: FakeClock) -> None:
    first = begin(tj, inv="inv-1", owner="w1", ttl=1_000)
    clock.advance(1_001)
    second = begin(tj, inv="inv-1", owner="w2", ttl=1_000)
    assert second.run_id == first.run_id
    assert second.resumed is True
    assert second.lease_epoch == 2
    assert second.run.lease_owner == "w2"
    assert second.run.lease_expires_at_ms == clock.now + 1_000
    resumed = [r for r in rows(tj, first.run_id, "run") if r.payload["transition"] == "resumed"]
    assert len(resumed) == 1
    assert resumed[0].payload["lease_owner"] == "w2"
    assert resumed[0].payload["lease_epoch"] == 2
    # the heartbeat of the new owner renews without a new epoch
    clock.advance(500)
    renewed = tj.resume_run(run_id=first.run_id, lease_owner="w2", lease_ttl_ms=1_000)
    assert renewed.lease_epoch == 2
    assert renewed.lease_expires_at_ms == clock.now + 1_000


def test_finished_runs_stay_finished(journal: Any) -> None:
    # -- a TERMINAL run is never revived
    first = begin(journal, inv="inv-1")
    ended = journal.end_run(run_id=first.run_id, status=RunStatus.TERMINAL, detail_json={"ok": 1})
    assert ended.status == RunStatus.TERMINAL
    assert ended.lease_owner == ""
    assert ended.ended_at_ms > 0
    assert ended.detail == {"ok": 1}
    again = begin(journal, inv="inv-1", owner="w2")
    assert again.run_id == first.run_id
    assert again.resumed is True
    assert again.status == RunStatus.TERMINAL
    assert again.lease_epoch == 0
    with pytest.raises(IllegalTransition) as info:
        journal.resume_run(run_id=first.run_id, lease_owner="w2")
    assert info.value.current.status == RunStatus.TERMINAL
    assert journal.get_run(run_id=first.run_id).status == RunStatus.TERMINAL

    # -- illegal end transitions change nothing
    cases = [
        ([RunStatus.TERMINAL], RunStatus.FAILED),
        ([RunStatus.TERMINAL], RunStatus.CANCELLED),
        ([RunStatus.CANCELLED], RunStatus.TERMINAL),
        ([RunStatus.FAILED], RunStatus.TERMINAL),
        ([RunStatus.STUCK], RunStatus.TERMINAL),
        ([RunStatus.COMPENSATING], RunStatus.TERMINAL),
    ]
    for path, illegal in cases:
        run_id = begin(journal).run_id
        for status in path:
            journal.end_run(run_id=run_id, status=status)
        before = (journal.get_run(run_id=run_id), rows(journal, run_id))
        with pytest.raises(IllegalTransition) as info:
            journal.end_run(run_id=run_id, status=illegal)
        assert info.value.current.status == path[-1]
        assert (journal.get_run(run_id=run_id), rows(journal, run_id)) == before


def test_end_and_release_run(journal: Any) -> None:
    # -- legal paths; ending twice in the same status is a no-op
    run_id = begin(journal).run_id
    assert journal.end_run(run_id=run_id, status="compensating").status == RunStatus.COMPENSATING
    assert journal.end_run(run_id=run_id, status=RunStatus.STUCK).status == RunStatus.STUCK
    assert journal.end_run(run_id=run_id, status=RunStatus.CANCELLED).status == RunStatus.CANCELLED
    before = (journal.get_run(run_id=run_id), rows(journal, run_id))
    again = journal.end_run(run_id=run_id, status=RunStatus.CANCELLED)
    assert again == before[0]
    assert rows(journal, run_id) == before[1]
    labels = [r.payload["status"] for r in rows(journal, run_id, "run")]
    assert labels == ["running", "compensating", "stuck", "cancelled"]
    with pytest.raises(InvalidArgument):
        journal.end_run(run_id=run_id, status=RunStatus.RUNNING)
    with pytest.raises(RunNotFound):
        journal.end_run(run_id="nope", status=RunStatus.TERMINAL)

    # -- an operator releases a STUCK run
    run_id = begin(journal).run_id
    journal.end_run(run_id=run_id, status=RunStatus.STUCK, detail_json={"why": "x"})
    released = journal.release_run(run_id=run_id, operator="alice", note="checked upstream")
    assert released.status == RunStatus.RUNNABLE
    assert run_id in {r.run_id for r in journal.list_runs_to_recover()}
    last = rows(journal, run_id, "run")[-1]
    assert last.payload["status"] == "runnable"
    assert (last.payload["operator"], last.payload["note"]) == ("alice", "checked upstream")
    journal.end_run(run_id=run_id, status=RunStatus.TERMINAL)
    with pytest.raises(IllegalTransition):
        journal.release_run(run_id=run_id, operator="alice")
    with pytest.raises(InvalidArgument):
        journal.release_run(run_id=run_id, operator="")


def test_stale_epoch_writes_are_refused(tj: Journal, clock: FakeClock) -> None:
    old = begin(tj, inv="inv-1", owner="w1", ttl=1_000)
    run_id = old.run_id
    eff = tj.begin_effect(
        run_id=run_id, decision_index=0, tool_name="t", lease_epoch=old.lease_epoch
    )
    clock.advance(2_000)
    new = begin(tj, inv="inv-1", owner="w2", ttl=60_000)
    assert new.lease_epoch == old.lease_epoch + 1
    snapshot = (
        tj.read_journal(limit=10_000),
        tj.get_run(run_id=run_id),
        tj.list_effects(run_id=run_id),
    )
    stale = old.lease_epoch
    attempts: list[Callable[[], object]] = [
        lambda: tj.record_decision(run_id=run_id, decision_index=0, lease_epoch=stale),
        lambda: tj.begin_effect(run_id=run_id, decision_index=1, tool_name="t", lease_epoch=stale),
        lambda: tj.complete_effect(
            run_id=run_id,
            idempotency_key=eff.idempotency_key,
            status="confirmed",
            lease_epoch=stale,
        ),
        lambda: tj.end_run(run_id=run_id, status=RunStatus.TERMINAL, lease_epoch=stale),
        lambda: tj.await_signal(run_id=run_id, gate_name="g", lease_epoch=stale),
        lambda: tj.resume_run(run_id=run_id, lease_owner="w1", lease_epoch=stale),
    ]
    for attempt in attempts:
        with pytest.raises(StaleLease):
            attempt()
    assert tj.get_decision(run_id=run_id, decision_index=0) is None
    after = (
        tj.read_journal(limit=10_000),
        tj.get_run(run_id=run_id),
        tj.list_effects(run_id=run_id),
    )
    assert after == snapshot
    still = tj.get_effect(run_id=run_id, idempotency_key=eff.idempotency_key)
    assert still is not None and still.status == EffectStatus.PENDING
    # the current epoch still writes
    assert tj.record_decision(run_id=run_id, decision_index=0, lease_epoch=new.lease_epoch)


def test_stale_epoch_cannot_consume_a_delivered_signal(tj: Journal, clock: FakeClock) -> None:
    old = begin(tj, inv="inv-1", owner="w1", ttl=1_000)
    tj.send_signal(run_id=old.run_id, gate_name="g", resolution_json={"ok": True})
    clock.advance(2_000)
    begin(tj, inv="inv-1", owner="w2")
    before = (tj.read_journal(limit=10_000), tj.get_run(run_id=old.run_id))
    with pytest.raises(StaleLease):
        tj.await_signal(run_id=old.run_id, gate_name="g", lease_epoch=old.lease_epoch)
    assert (tj.read_journal(limit=10_000), tj.get_run(run_id=old.run_id)) == before


def test_list_runs_to_recover(tj: Journal, clock: FakeClock) -> None:
    live = begin(tj, ttl=10_000).run_id
    expired = begin(tj, ttl=1_000).run_id
    runnable = begin(tj, ttl=10_000).run_id
    tj.await_signal(run_id=runnable, gate_name="g")
    tj.send_signal(run_id=runnable, gate_name="g", resolution_json={"a": 1})
    waiting_delivered = begin(tj, ttl=10_000).run_id
    tj.await_signal(run_id=waiting_delivered, gate_name="g1")
    tj.send_signal(run_id=waiting_delivered, gate_name="other", resolution_json={})
    waiting_idle = begin(tj, ttl=10_000).run_id
    tj.await_signal(run_id=waiting_idle, gate_name="g1")
    over = {}
    for status in (RunStatus.CANCELLED, RunStatus.TERMINAL, RunStatus.FAILED, RunStatus.STUCK):
        run_id = begin(tj, ttl=1_000).run_id
        tj.end_run(run_id=run_id, status=status)
        over[run_id] = status
    clock.advance(5_000)
    found = {r.run_id: r.status for r in tj.list_runs_to_recover()}
    assert found == {
        expired: RunStatus.RUNNING,
        runnable: RunStatus.RUNNABLE,
        waiting_delivered: RunStatus.WAITING,
    }
    assert live not in found and waiting_idle not in found
    far = tj.list_runs_to_recover(now_ms=clock.now + 10**9)
    assert {r.run_id for r in far} == {expired, runnable, waiting_delivered, live}
    assert not set(over) & {r.run_id for r in far}


def test_decisions_first_write_wins(journal: Any) -> None:
    run_id = begin(journal).run_id
    assert journal.get_decision(run_id=run_id, decision_index=0) is None
    assert journal.count_decisions(run_id=run_id) == 0
    first = journal.record_decision(
        run_id=run_id,
        decision_index=0,
        model="m1",
        request_json={"q": 1},
        response_json={"a": "first"},
        rationale="because",
        policy_version="p1",
    )
    second = journal.record_decision(
        run_id=run_id, decision_index=0, model="m2", response_json={"a": "second"}
    )
    assert second == first
    got = journal.get_decision(run_id=run_id, decision_index=0)
    assert got == first
    assert (got.model, got.response, got.request) == ("m1", {"a": "first"}, {"q": 1})
    assert (got.rationale, got.policy_version) == ("because", "p1")
    journal.record_decision(run_id=run_id, decision_index=1, model="m1")
    assert journal.count_decisions(run_id=run_id) == 2
    assert len(rows(journal, run_id, "decision")) == 2
    assert journal.get_decision(run_id=run_id, decision_index=7) is None
    with pytest.raises(RunNotFound):
        journal.record_decision(run_id="missing", decision_index=0)
