"""Compensation obligations: register, claim, attempts, listing, resolution (both backends)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tape import Journal, ObligationStatus, registry
from tape.errors import (
    EffectNotFound,
    IllegalTransition,
    InvalidArgument,
    ObligationNotFound,
    UnknownCompensator,
)
from tests.support.clock import FakeClock
from tests.support.runs import new_run

# The journal contract, on every backend, and through a tape server (tape://).
pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def owe(j: Any, run_id: str, tool: str = "wire", kind: str = "reverse", **kw: Any) -> Any:
    """Begin and confirm an effect, then register a compensation for it, due now unless the
    caller says ``due=False`` (claims and listings are under test, not when an inverse is owed)."""
    key = j.begin_effect(run_id=run_id, decision_index=0, tool_name=tool).idempotency_key
    j.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
    kw.setdefault("due", True)
    return j.register_compensation(run_id=run_id, effect_key=key, kind=kind, **kw)


def obligation_rows(j: Any, run_id: str) -> list[Any]:
    return list(j.read_journal(run_id=run_id, kind="obligation", limit=10_000))


@pytest.fixture
def undo_registered() -> Iterator[None]:
    """``undo``, registered in code (a tape server in this process shares the registry)."""
    saved = registry.snapshot()
    registry.register_compensator("undo", lambda **payload: {"ok": True})
    yield
    registry.restore(saved)


@pytest.mark.usefixtures("undo_registered")
def test_register(journal: Any) -> None:
    # -- idempotent on (run, effect, kind)
    run_id = new_run(journal)
    ob = owe(journal, run_id, payload_json={"amount": 10}, compensator_ref="undo")
    assert ob.status == ObligationStatus.PENDING
    assert (ob.payload, ob.compensator_ref, ob.max_attempts) == ({"amount": 10}, "undo", 5)
    assert ob.next_attempt_at_ms > 0
    again = journal.register_compensation(
        run_id=run_id, effect_key=ob.effect_key, kind="reverse", payload_json={"amount": 99}
    )
    assert again == ob
    rows = obligation_rows(journal, run_id)
    assert len(rows) == 1
    assert rows[0].payload["transition"] == "registered"
    assert rows[0].subject == f"/tape/obligation/registered/reverse/{run_id}"
    other_kind = journal.register_compensation(
        run_id=run_id, effect_key=ob.effect_key, kind="notify", max_attempts=2
    )
    assert other_kind.seq != ob.seq and other_kind.max_attempts == 2

    # -- an unknown effect, or a compensator_ref that is not a registered name, is refused
    run_id = new_run(journal)
    key = journal.begin_effect(run_id=run_id, decision_index=0, tool_name="t").idempotency_key
    before = journal.read_journal(limit=10_000)
    with pytest.raises(EffectNotFound):
        journal.register_compensation(run_id=run_id, effect_key="no/such/key", kind="k")
    for ref in ("not-registered", "tests.support.compensators:reverse_wire"):
        with pytest.raises(UnknownCompensator):
            journal.register_compensation(
                run_id=run_id, effect_key=key, kind="k", compensator_ref=ref
            )
    assert journal.read_journal(limit=10_000) == before
    assert journal.list_obligations(run_id=run_id) == []


def test_claim_is_a_compare_and_swap(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    ob = owe(tj, run_id)
    won = tj.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="a", lease_ttl_ms=500)
    lost = tj.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="b")
    assert (won.acquired, lost.acquired) == (True, False)
    assert won.obligation.status == ObligationStatus.COMMITTED
    assert won.obligation.claimed_by == lost.obligation.claimed_by == "a"
    assert won.obligation.claim_expires_at_ms == clock.now + 500
    assert obligation_rows(tj, run_id)[-1].payload["transition"] == "claimed"
    clock.advance(500)  # the drainer died: another one takes it over
    taken = tj.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="b")
    assert taken.acquired and taken.obligation.claimed_by == "b"
    with pytest.raises(ObligationNotFound):
        tj.claim_obligation(run_id=run_id, obligation_seq=999, claimer="a")


def test_attempts_retry_then_stuck(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    ob = owe(tj, run_id, max_attempts=2)
    claim = tj.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="a")
    assert claim.acquired and claim.obligation.claim_expires_at_ms > clock.now
    retry = tj.record_obligation_attempt(
        run_id=run_id,
        obligation_seq=ob.seq,
        error="bank 503",
        next_attempt_at_ms=clock.now + 200,
        claimer="a",
    )
    assert retry.status == ObligationStatus.PENDING
    assert (retry.attempts, retry.last_error, retry.claimed_by) == (1, "bank 503", "")
    assert retry.next_attempt_at_ms == clock.now + 200
    assert not tj.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="b").acquired
    clock.advance(300)
    assert tj.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="b").acquired
    with pytest.raises(IllegalTransition):  # the old drainer no longer holds the claim
        tj.record_obligation_attempt(
            run_id=run_id, obligation_seq=ob.seq, error="x", next_attempt_at_ms=1, claimer="a"
        )
    stuck = tj.record_obligation_attempt(
        run_id=run_id,
        obligation_seq=ob.seq,
        error="bank 503 again",
        next_attempt_at_ms=clock.now + 200,
        claimer="b",
    )
    assert stuck.status == ObligationStatus.STUCK
    assert (stuck.attempts, stuck.next_attempt_at_ms) == (2, 0)
    assert not tj.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="c").acquired


def test_stuck_obligations(journal: Any) -> None:
    # -- an attempt with no next time is STUCK at once
    run_id = new_run(journal)
    ob = owe(journal, run_id, max_attempts=10)
    journal.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="a")
    stuck = journal.record_obligation_attempt(
        run_id=run_id, obligation_seq=ob.seq, error="no compensator", next_attempt_at_ms=0
    )
    assert stuck.status == ObligationStatus.STUCK
    assert (stuck.attempts, stuck.max_attempts, stuck.next_attempt_at_ms) == (1, 10, 0)
    # an unclaimed (here: STUCK) obligation takes no attempt
    with pytest.raises(IllegalTransition):
        journal.record_obligation_attempt(
            run_id=run_id, obligation_seq=ob.seq, error="x", next_attempt_at_ms=0
        )

    # -- only an operator settles a STUCK obligation
    run_id = new_run(journal)
    ob = owe(journal, run_id)
    journal.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="a")
    journal.record_obligation_attempt(
        run_id=run_id, obligation_seq=ob.seq, error="e", next_attempt_at_ms=0
    )
    before = journal.read_journal(limit=10_000)
    with pytest.raises(IllegalTransition) as info:
        journal.resolve_obligation(run_id=run_id, obligation_seq=ob.seq, status="compensated")
    assert info.value.current.status == ObligationStatus.STUCK
    assert journal.read_journal(limit=10_000) == before
    done = journal.resolve_obligation(
        run_id=run_id,
        obligation_seq=ob.seq,
        status="compensated",
        operator="alice",
        note="reversed by hand",
    )
    assert done.status == ObligationStatus.COMPENSATED
    last = obligation_rows(journal, run_id)[-1].payload
    assert (last["operator"], last["note"], last["status"]) == (
        "alice",
        "reversed by hand",
        "compensated",
    )


def test_cross_run_listing(tj: Journal, clock: FakeClock) -> None:
    r1, r2 = new_run(tj), new_run(tj)
    committed = owe(tj, r1, "a")
    pending = owe(tj, r2, "b")
    stuck = owe(tj, r2, "c")
    tj.claim_obligation(run_id=r1, obligation_seq=committed.seq, claimer="x")
    tj.claim_obligation(run_id=r2, obligation_seq=stuck.seq, claimer="x")
    tj.record_obligation_attempt(
        run_id=r2, obligation_seq=stuck.seq, error="e", next_attempt_at_ms=0
    )

    def listed(**kw: Any) -> set[tuple[str, int]]:
        return {(o.run_id, o.seq) for o in tj.list_unresolved_obligations(**kw)}

    assert listed() == {(r2, pending.seq)}
    assert listed(include_pending=True) == {(r2, pending.seq)}
    later = clock.now + 5 * 60_000
    assert listed(now_ms=later) == {(r2, pending.seq), (r1, committed.seq)}
    assert listed(include_stuck=True) == {(r2, stuck.seq)}
    assert listed(include_stuck=True, include_pending=True) == {(r2, pending.seq), (r2, stuck.seq)}
    statuses = {o.status for o in tj.list_unresolved_obligations(include_stuck=True)}
    assert statuses == {ObligationStatus.STUCK}
    by_status = tj.list_obligations(run_id=r2, status_filter="stuck")
    assert [o.seq for o in by_status] == [stuck.seq]


def test_resolution(journal: Any) -> None:
    # -- newest first; resolving clears the claim
    run_id = new_run(journal)
    made = [owe(journal, run_id, f"t{i}") for i in range(3)]
    listed = journal.list_obligations(run_id=run_id)
    assert [o.seq for o in listed] == sorted((o.seq for o in made), reverse=True)
    first = made[0]
    journal.claim_obligation(run_id=run_id, obligation_seq=first.seq, claimer="a")
    done = journal.resolve_obligation(
        run_id=run_id,
        obligation_seq=first.seq,
        status=ObligationStatus.COMPENSATED,
        result_json={"reversal": "r1"},
    )
    assert done.status == ObligationStatus.COMPENSATED
    assert (done.claimed_by, done.claim_expires_at_ms) == ("", 0)
    assert done.result == {"reversal": "r1"}
    assert obligation_rows(journal, run_id)[-1].payload["transition"] == "resolved"
    unresolved = journal.list_obligations(run_id=run_id, only_unresolved=True)
    assert [o.seq for o in unresolved] == [made[2].seq, made[1].seq]
    # resolving again with the same status is a no-op
    before = journal.read_journal(limit=10_000)
    again = journal.resolve_obligation(run_id=run_id, obligation_seq=first.seq, status=3)
    assert again == done
    assert journal.read_journal(limit=10_000) == before
    with pytest.raises(IllegalTransition):
        journal.resolve_obligation(run_id=run_id, obligation_seq=first.seq, status="stuck")
    with pytest.raises(ObligationNotFound):
        journal.resolve_obligation(run_id=run_id, obligation_seq=999, status="compensated")

    # -- only COMPENSATED or STUCK settle an obligation
    run_id = new_run(journal)
    ob = owe(journal, run_id)
    before = journal.read_journal(limit=10_000)
    for status in (ObligationStatus.PENDING, ObligationStatus.COMMITTED, "bogus"):
        with pytest.raises(InvalidArgument):
            journal.resolve_obligation(run_id=run_id, obligation_seq=ob.seq, status=status)
    assert journal.read_journal(limit=10_000) == before
    assert journal.list_obligations(run_id=run_id) == [ob]
