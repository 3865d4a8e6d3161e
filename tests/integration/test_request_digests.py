"""Request digests at the journal level (issue 27, test 1): a key is never reused for a
different call. Same request (keys in another order) -> the recorded effect; a different
request -> ``RequestMismatch`` and nothing written but the refusal row; the same across runs
by ``(connector, business_key)``. On every backend, and through a tape server (tape://)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tape import DispatchMode, EffectSemantics, EffectStatus, digests
from tape.errors import InvalidArgument, RequestMismatch

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def new_run(j: Any) -> str:
    return str(
        j.begin_run(
            app_name="app",
            user_id="u",
            session_id="s",
            invocation_id=uuid.uuid4().hex,
            lease_owner="w1",
        ).run_id
    )


def wire(j: Any, run_id: str, request_json: Any, **kw: Any) -> Any:
    return j.begin_effect(
        run_id=run_id, decision_index=0, tool_name="wire", request_json=request_json, **kw
    )


def snapshot(j: Any, *run_ids: str) -> tuple[Any, ...]:
    return tuple(
        (list(j.list_effects(run_id=r)), list(j.read_journal(run_id=r, limit=10_000)))
        for r in run_ids
    )


def test_same_key_same_request_in_another_key_order_replays_the_recorded_effect(
    journal: Any,
) -> None:
    run_id = new_run(journal)
    begun = wire(journal, run_id, '{"amount": 10, "to": "ACME"}')
    journal.complete_effect(
        run_id=run_id,
        idempotency_key=begun.idempotency_key,
        status="confirmed",
        response_json={"wire_id": "W1"},
    )
    before = snapshot(journal, run_id)
    again = wire(journal, run_id, '{"to":"ACME","amount":10}')
    assert again.status == EffectStatus.CONFIRMED
    assert again.response == {"wire_id": "W1"}
    assert again.request_digest == begun.request_digest
    assert begun.request_digest == digests.of(
        {"tool": "wire", "request": {"amount": 10, "to": "ACME"}}
    )
    assert snapshot(journal, run_id) == before


def test_same_key_different_request_is_refused_and_only_the_refusal_is_journaled(
    journal: Any,
) -> None:
    run_id = new_run(journal)
    begun = wire(journal, run_id, '{"amount": 10, "to": "ACME"}')
    journal.complete_effect(
        run_id=run_id,
        idempotency_key=begun.idempotency_key,
        status="confirmed",
        response_json={"wire_id": "W1"},
    )
    (effects_before, rows_before) = snapshot(journal, run_id)[0]
    with pytest.raises(RequestMismatch) as info:
        wire(journal, run_id, '{"amount": 9999, "to": "MALLORY"}')
    refused = info.value
    asked = digests.of({"tool": "wire", "request": {"amount": 9999, "to": "MALLORY"}})
    assert (refused.recorded_digest, refused.request_digest) == (begun.request_digest, asked)
    assert refused.recorded_request == {"amount": 10, "to": "ACME"}
    assert (refused.idempotency_key, refused.run_id) == (begun.idempotency_key, run_id)
    assert "W1" not in str(refused)

    (effects_after, rows_after) = snapshot(journal, run_id)[0]
    assert effects_after == effects_before
    assert rows_after[: len(rows_before)] == rows_before
    (row,) = rows_after[len(rows_before) :]
    assert (row.kind, row.subject) == ("effect", f"/tape/effect/refused/wire/{run_id}")
    assert row.payload == {
        "transition": "refused",
        "reason": "request_mismatch",
        "tool": "wire",
        "idempotency_key": begun.idempotency_key,
        "recorded_run": run_id,
        "recorded_key": begun.idempotency_key,
        "recorded_digest": begun.request_digest,
        "request_digest": asked,
        "request": {"amount": 9999, "to": "MALLORY"},
    }


def test_a_pending_effect_is_refused_too(journal: Any) -> None:
    run_id = new_run(journal)
    begun = wire(journal, run_id, {"amount": 10})
    with pytest.raises(RequestMismatch):
        wire(journal, run_id, {"amount": 20})
    assert journal.list_effects(run_id=run_id) == [begun]


def test_business_key_across_runs_with_a_different_request_is_refused(journal: Any) -> None:
    def pay(run_id: str, amount: int) -> Any:
        return journal.begin_effect(
            run_id=run_id,
            decision_index=0,
            tool_name="pay",
            request_json={"invoice": "INV-1", "amount": amount},
            semantics=EffectSemantics.NON_IDEMPOTENT,
            dispatch_mode=DispatchMode.OUTBOX,
            connector="bank",
            business_key="INV-1",
        )

    run_a, run_b = new_run(journal), new_run(journal)
    first = pay(run_a, 100)
    (a_before, b_before) = snapshot(journal, run_a, run_b)
    with pytest.raises(RequestMismatch) as info:
        pay(run_b, 250)
    assert info.value.run_id == run_a
    assert info.value.recorded_request == {"invoice": "INV-1", "amount": 100}
    (a_after, b_after) = snapshot(journal, run_a, run_b)
    assert a_after == a_before  # run A: untouched, no "reused-by" row
    assert b_after[0] == [] == b_before[0]
    (row,) = b_after[1][len(b_before[1]) :]
    assert row.subject == f"/tape/effect/refused/pay/{run_b}"
    assert (row.payload["recorded_run"], row.payload["recorded_key"]) == (
        run_a,
        first.idempotency_key,
    )
    # the same request from run B is the cross-run dedupe, as before
    assert pay(run_b, 100) == first


def test_match_names_the_arguments_that_identify_the_call(journal: Any) -> None:
    run_id = new_run(journal)
    match = ["amount", "to"]
    begun = wire(journal, run_id, {"amount": 10, "to": "ACME", "sent_at": 1}, match=match)
    again = wire(journal, run_id, {"to": "ACME", "amount": 10, "sent_at": 2}, match=match)
    assert again == begun
    assert again.request == {"amount": 10, "to": "ACME", "sent_at": 1}  # as recorded
    with pytest.raises(RequestMismatch):
        wire(journal, run_id, {"amount": 11, "to": "ACME", "sent_at": 1}, match=match)
    with pytest.raises(InvalidArgument):
        wire(journal, new_run(journal), [10, "ACME"], match=match)


def test_decisions_store_the_digest_of_model_messages_and_tools(journal: Any) -> None:
    run_id = new_run(journal)
    request = {"messages": [{"role": "user", "content": "pay"}], "tools": ["wire"], "n": 1}
    recorded = journal.record_decision(
        run_id=run_id, decision_index=0, model="m1", request_json=request, response_json={}
    )
    assert recorded.request_digest == digests.of(
        {"model": "m1", "messages": request["messages"], "tools": ["wire"]}
    )
    got = journal.get_decision(run_id=run_id, decision_index=0)
    assert got.request_digest == recorded.request_digest


def test_effect_declarations_check_match() -> None:
    import tape
    from tape.errors import EffectConfigError, OutboxConfigError

    def pay(amount: int, to: str, sent_at: float = 0.0) -> dict[str, Any]:
        return {}

    assert tape.effect(match=["amount", "to"])(pay).match == ("amount", "to")
    with pytest.raises(EffectConfigError, match="sent"):
        tape.effect(match=["amount", "sent"])(pay)
    for bad in ("amount", [], [""], [1]):
        with pytest.raises(EffectConfigError):
            tape.effect(match=bad)
    with pytest.raises(OutboxConfigError):
        tape.outbox_tool(connector="bank", match="amount")
    assert tape.outbox_tool(connector="bank", match=["amount"])(pay).match == ("amount",)
