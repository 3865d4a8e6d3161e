"""The effect ledger: keys, begin/complete/reconcile, pending listing, scopes (both backends)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal
from tape.errors import EffectNotFound, IllegalTransition, InvalidArgument, ScopeDenied
from tests.support.clock import FakeClock

# The journal contract, on every backend, and through a tape server (tape://).
pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def new_run(j: Any, **kw: Any) -> str:
    return str(
        j.begin_run(
            app_name="app",
            user_id="u",
            session_id="s",
            invocation_id=uuid.uuid4().hex,
            lease_owner="w1",
            **kw,
        ).run_id
    )


def effect(j: Any, run_id: str, tool: str = "execute_sweep", index: int = 0, **kw: Any) -> Any:
    return j.begin_effect(run_id=run_id, decision_index=index, tool_name=tool, **kw)


def outbox(j: Any, run_id: str, tool: str = "wire", **kw: Any) -> Any:
    kw.setdefault("semantics", EffectSemantics.NON_IDEMPOTENT)
    kw.setdefault("connector", "bank")
    return effect(j, run_id, tool, dispatch_mode=DispatchMode.OUTBOX, **kw)


def effect_rows(j: Any, run_id: str) -> list[Any]:
    return list(j.read_journal(run_id=run_id, kind="effect", limit=10_000))


def test_keys_and_idempotent_begin(journal: Any) -> None:
    # -- key formats
    run_id = new_run(journal)
    a = effect(journal, run_id, "execute_sweep", 0)
    assert a.idempotency_key == f"{run_id}/decision-0/execute_sweep/0"
    assert a.status == EffectStatus.PENDING
    b = effect(journal, run_id, "post_gl", -1, call_index=3)
    assert b.idempotency_key == f"{run_id}/no-decision/post_gl/3"
    c = effect(journal, run_id, "post_gl", 2, custom_key="my/custom:key-1")
    assert c.idempotency_key == "my/custom:key-1"
    assert c.run_id == run_id
    assert [e.idempotency_key for e in journal.list_effects(run_id=run_id)] == [
        a.idempotency_key,
        b.idempotency_key,
        c.idempotency_key,
    ]

    # -- begin is idempotent on key
    run_id = new_run(journal)
    first = effect(journal, run_id, request_json={"amount": 10})
    # (the same request; another one is refused: tests/integration/test_request_digests.py)
    again = effect(journal, run_id, request_json={"amount": 10})
    assert again == first
    assert again.request == {"amount": 10}
    rows = effect_rows(journal, run_id)
    assert len(rows) == 1
    assert rows[0].payload["idempotency_key"] == first.idempotency_key
    assert rows[0].payload["status"] == "pending"
    assert rows[0].subject.startswith("/tape/effect/pending/")
    journal.complete_effect(
        run_id=run_id, idempotency_key=first.idempotency_key, status="confirmed"
    )
    replay = effect(journal, run_id, request_json={"amount": 10})
    assert replay.status == EffectStatus.CONFIRMED  # "already done, do not do it again"


def test_cross_run_business_key_dedupe(journal: Any) -> None:
    r1, r2 = new_run(journal), new_run(journal)
    first = outbox(journal, r1, business_key="wire-2024-001")
    second = outbox(journal, r2, index=3, business_key="wire-2024-001")
    assert second == first
    assert (second.run_id, second.seq) == (r1, first.seq)
    assert journal.list_effects(run_id=r2) == []
    # the reuse is journaled in the second run (issue 14): which run and effect it came from
    (reused,) = effect_rows(journal, r2)
    assert reused.subject == f"/tape/effect/reused/wire/{r2}"
    assert (reused.payload["reused_from_run"], reused.payload["reused_effect_key"]) == (
        r1,
        first.idempotency_key,
    )
    # another connector with the same business key is a different effect
    third = outbox(journal, r2, business_key="wire-2024-001", connector="other-bank")
    assert third.run_id == r2


def test_complete_effect(journal: Any) -> None:
    # -- complete effect
    run_id = new_run(journal)
    for index, status in enumerate(["confirmed", "failed", "unknown"]):
        key = effect(journal, run_id, index=index).idempotency_key
        done = journal.complete_effect(
            run_id=run_id,
            idempotency_key=key,
            status=status,
            response_json={"wire_id": f"w{index}"},
            error_json={"e": 1} if status != "confirmed" else None,
        )
        assert done.status == EffectStatus[status.upper()]
        got = journal.get_effect(run_id=run_id, idempotency_key=key)
        assert got == done
        assert got.response == {"wire_id": f"w{index}"}
        last = effect_rows(journal, run_id)[-1]
        assert last.payload["status"] == status
        assert last.payload["idempotency_key"] == key
        assert last.subject == f"/tape/effect/{status}/execute_sweep/{run_id}"

    # -- complete on confirmed
    run_id = new_run(journal)
    key = effect(journal, run_id).idempotency_key
    done = journal.complete_effect(
        run_id=run_id, idempotency_key=key, status="confirmed", response_json={"v": 1}
    )
    before = effect_rows(journal, run_id)
    same = journal.complete_effect(
        run_id=run_id, idempotency_key=key, status="confirmed", response_json={"v": 2}
    )
    assert same == done
    for other in ("failed", "unknown"):
        with pytest.raises(IllegalTransition) as info:
            journal.complete_effect(run_id=run_id, idempotency_key=key, status=other)
        assert info.value.current == done
    assert journal.get_effect(run_id=run_id, idempotency_key=key) == done
    assert effect_rows(journal, run_id) == before

    # -- complete before begin
    run_id = new_run(journal)
    before = journal.read_journal(limit=10_000)
    with pytest.raises(EffectNotFound):
        journal.complete_effect(run_id=run_id, idempotency_key="nope", status="confirmed")
    assert journal.read_journal(limit=10_000) == before


def test_reconcile_effect(journal: Any) -> None:
    # -- reconcile from live states
    run_id = new_run(journal)
    combos = [
        (src, dst) for src in ("pending", "unknown") for dst in ("confirmed", "failed", "pending")
    ]
    for index, (source, target) in enumerate(combos):
        key = outbox(journal, run_id, index=index).idempotency_key
        if source == "unknown":
            journal.complete_effect(run_id=run_id, idempotency_key=key, status="unknown")
        got = journal.reconcile_effect(
            run_id=run_id,
            idempotency_key=key,
            resolved_status=target,
            response_json={"found": index},
            operator="alice",
            note="checked the bank portal",
        )
        assert got.status == EffectStatus[target.upper()], (source, target)
        assert got.response == {"found": index}
        last = effect_rows(journal, run_id)[-1]
        assert last.payload["idempotency_key"] == key
        assert last.payload["transition"] == "reconciled"
        assert last.payload["resolved_to"] == target
        assert (last.payload["operator"], last.payload["note"]) == (
            "alice",
            "checked the bank portal",
        )
        if target == "pending":
            assert got.next_dispatch_at_ms > 0
            assert got.dispatch_claimed_by == ""
            assert key in {e.idempotency_key for e in journal.list_effects_to_dispatch()}

    # -- reconcile refused on final
    run_id = new_run(journal)
    key = effect(journal, run_id).idempotency_key
    done = journal.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
    before = journal.read_journal(limit=10_000)
    for target in ("failed", "pending"):
        with pytest.raises(IllegalTransition) as info:
            journal.reconcile_effect(run_id=run_id, idempotency_key=key, resolved_status=target)
        assert info.value.current.status == EffectStatus.CONFIRMED
    assert journal.get_effect(run_id=run_id, idempotency_key=key) == done
    assert journal.read_journal(limit=10_000) == before
    with pytest.raises(InvalidArgument):
        journal.reconcile_effect(run_id=run_id, idempotency_key=key, resolved_status="unknown")
    with pytest.raises(EffectNotFound):
        journal.reconcile_effect(run_id=run_id, idempotency_key="x", resolved_status="failed")


def test_list_pending_effects(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    old = effect(tj, run_id, "a").idempotency_key
    clock.advance(1_000)
    cutoff = clock.now
    clock.advance(1_000)
    young = effect(tj, run_id, "b").idempotency_key
    unknown = effect(tj, run_id, "c").idempotency_key
    tj.complete_effect(run_id=run_id, idempotency_key=unknown, status="unknown")
    done = effect(tj, run_id, "d").idempotency_key
    tj.complete_effect(run_id=run_id, idempotency_key=done, status="confirmed")

    def keys(**kw: Any) -> list[str]:
        return [e.idempotency_key for e in tj.list_pending_effects(**kw)]

    assert keys() == [old, young, unknown]  # oldest first; both kinds by default
    assert keys(include_pending=True) == [old, young]
    assert keys(include_unknown=True) == [unknown]
    assert keys(include_pending=True, include_unknown=True) == [old, young, unknown]
    assert keys(older_than_ms=cutoff) == [old, unknown]
    assert keys(older_than_ms=cutoff, include_pending=True) == [old]
    assert keys(limit=1) == [old]


def test_scope_denied_writes_policy_row_and_no_effect(journal: Any) -> None:
    run_id = new_run(journal, scopes=["payments"])
    before = journal.list_effects(run_id=run_id)
    with pytest.raises(ScopeDenied):
        effect(journal, run_id, "drop_tables", scope="admin")
    assert journal.list_effects(run_id=run_id) == before == []
    assert effect_rows(journal, run_id) == []
    policy = journal.read_journal(run_id=run_id, kind="policy")
    assert len(policy) == 1
    assert policy[0].payload == {
        "tool": "drop_tables",
        "decision_index": 0,
        "required_scope": "admin",
        "granted_scopes": ["payments"],
        "violation": "scope_not_granted",
    }
    assert policy[0].subject.startswith("/tape/policy/")
    allowed = effect(journal, run_id, "pay", scope="payments")
    assert allowed.status == EffectStatus.PENDING
    assert allowed.scope == "payments"
    # a run with no scopes is denied any scoped effect; an unscoped idempotent one is fine
    bare = new_run(journal)
    with pytest.raises(ScopeDenied):
        effect(journal, bare, "pay", scope="payments")
    assert effect(journal, bare, "read").status == EffectStatus.PENDING


def test_begin_effect_validation_and_fields(journal: Any) -> None:
    # -- begin effect validation
    run_id = new_run(journal)
    before = journal.read_journal(limit=10_000)
    with pytest.raises(InvalidArgument, match="NON_IDEMPOTENT"):
        effect(journal, run_id, semantics=EffectSemantics.NON_IDEMPOTENT)
    with pytest.raises(InvalidArgument, match="business_key requires connector"):
        effect(journal, run_id, business_key="b1")
    with pytest.raises(InvalidArgument, match="connector"):
        effect(journal, run_id, dispatch_mode=DispatchMode.OUTBOX)
    assert journal.read_journal(limit=10_000) == before
    assert journal.list_effects(run_id=run_id) == []

    # -- outbox begin fields
    run_id = new_run(journal)
    e = outbox(journal, run_id, business_key="bk", max_attempts=3, dispatch_timeout_ms=5_000)
    assert e.dispatch_mode == DispatchMode.OUTBOX
    assert e.semantics == EffectSemantics.NON_IDEMPOTENT
    assert e.next_dispatch_at_ms > 0  # due now
    assert (e.business_key, e.connector, e.max_attempts) == ("bk", "bank", 3)
    inline = effect(journal, run_id, "inline_tool")
    assert inline.next_dispatch_at_ms == 0
    row = effect_rows(journal, run_id)[0]
    assert (row.payload["business_key"], row.payload["connector"]) == ("bk", "bank")
