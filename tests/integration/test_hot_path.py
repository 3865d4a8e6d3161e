"""The one-statement begin/complete and the prepared claim say and write exactly what the
general path does, including every refusal (both backends)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tape import DispatchMode, EffectSemantics, EffectStatus, RunStatus, subjects
from tape.errors import EffectNotFound, IllegalTransition, RunNotFound, StaleLease


def new_run(j: Any) -> Any:
    return j.begin_run(
        app_name="app",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w1",
    )


def rows(j: Any, run_id: str) -> list[Any]:
    return list(j.read_journal(run_id=run_id, limit=10_000))


def assert_gapless(j: Any, run_id: str) -> None:
    seqs = [r.seq for r in rows(j, run_id)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert j.get_run(run_id=run_id).seq_cursor == len(seqs)


@pytest.mark.parametrize("tool", ["wire_money", "wire money/ä*%?#\\x"])
def test_begin_and_complete_journal_exactly_what_they_did(journal: Any, tool: str) -> None:
    run = new_run(journal)
    e = journal.begin_effect(
        run_id=run.run_id, decision_index=1, tool_name=tool, request_json={"amount": 5}
    )
    assert (e.status, e.tool_name, e.request_json, e.seq) == (
        EffectStatus.PENDING,
        tool,
        '{"amount":5}',
        2,
    )
    done = journal.complete_effect(
        run_id=run.run_id,
        idempotency_key=e.idempotency_key,
        status=EffectStatus.CONFIRMED,
        response_json={"wire": 1},
        external_ref="ref-1",
    )
    assert (done.status, done.response_json, done.external_ref) == (
        EffectStatus.CONFIRMED,
        '{"wire":1}',
        "ref-1",
    )
    assert journal.get_effect(run_id=run.run_id, idempotency_key=e.idempotency_key) == done
    begun, completed = rows(journal, run.run_id)[-2:]
    assert begun.subject == subjects.build("effect", "pending", tool, run.run_id)
    assert completed.subject == subjects.build("effect", "confirmed", tool, run.run_id)
    assert json.loads(completed.payload_json) == {
        "tool": tool,
        "idempotency_key": e.idempotency_key,
        "status": "confirmed",
        "transition": "completed",
        "external_ref": "ref-1",
    }
    assert json.loads(begun.payload_json)["status"] == "pending"
    assert_gapless(journal, run.run_id)


def test_begin_again_returns_the_effect_and_leaves_no_seq_gap(journal: Any) -> None:
    run = new_run(journal)
    first = journal.begin_effect(run_id=run.run_id, decision_index=0, tool_name="t")
    again = journal.begin_effect(run_id=run.run_id, decision_index=0, tool_name="t")
    assert again == first
    other = new_run(journal)
    kw = {"semantics": EffectSemantics.NON_IDEMPOTENT, "dispatch_mode": DispatchMode.OUTBOX}
    a = journal.begin_effect(
        run_id=run.run_id,
        decision_index=1,
        tool_name="w",
        connector="bank",
        business_key="inv-1",
        **kw,
    )
    b = journal.begin_effect(
        run_id=other.run_id,
        decision_index=1,
        tool_name="w",
        connector="bank",
        business_key="inv-1",
        **kw,
    )
    assert b == a  # the cross-run dedupe
    assert_gapless(journal, run.run_id)
    assert_gapless(journal, other.run_id)


def test_refusals_write_nothing(journal: Any) -> None:
    with pytest.raises(RunNotFound):
        journal.begin_effect(run_id="nope", decision_index=0, tool_name="t")
    run = new_run(journal)
    e = journal.begin_effect(run_id=run.run_id, decision_index=0, tool_name="t")
    with pytest.raises(StaleLease):
        journal.begin_effect(run_id=run.run_id, decision_index=1, tool_name="t", lease_epoch=9)
    with pytest.raises(StaleLease):
        journal.complete_effect(
            run_id=run.run_id,
            idempotency_key=e.idempotency_key,
            status=EffectStatus.CONFIRMED,
            lease_epoch=9,
        )
    assert journal.get_effect(run_id=run.run_id, idempotency_key=e.idempotency_key) == e
    with pytest.raises(EffectNotFound):
        journal.complete_effect(
            run_id=run.run_id, idempotency_key="missing", status=EffectStatus.CONFIRMED
        )
    journal.complete_effect(
        run_id=run.run_id,
        idempotency_key=e.idempotency_key,
        status=EffectStatus.FAILED,
        lease_epoch=run.lease_epoch,
    )
    with pytest.raises(IllegalTransition):
        journal.complete_effect(
            run_id=run.run_id, idempotency_key=e.idempotency_key, status=EffectStatus.CONFIRMED
        )
    journal.end_run(run_id=run.run_id, status=RunStatus.TERMINAL)
    with pytest.raises(IllegalTransition):
        journal.begin_effect(run_id=run.run_id, decision_index=2, tool_name="t")
    assert_gapless(journal, run.run_id)


def test_outbox_completion_still_releases_a_waiting_run(journal: Any) -> None:
    run = new_run(journal)
    e = journal.begin_effect(
        run_id=run.run_id,
        decision_index=0,
        tool_name="w",
        connector="bank",
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
    )
    [claimed] = journal.claim_effects_to_dispatch(claimer="d1", limit=5, connectors=["bank"])
    assert (claimed.dispatch_claimed_by, claimed.dispatch_attempts) == ("d1", 1)
    assert journal.claim_effects_to_dispatch(claimer="d2", limit=5) == []
    assert not journal.await_signal(
        run_id=run.run_id, gate_name=f"effect:{e.idempotency_key}"
    ).delivered
    assert journal.get_run(run_id=run.run_id).status == RunStatus.WAITING
    journal.complete_effect(
        run_id=run.run_id,
        idempotency_key=e.idempotency_key,
        status=EffectStatus.CONFIRMED,
        claimer="d1",
    )
    assert journal.get_run(run_id=run.run_id).status == RunStatus.RUNNABLE
    assert_gapless(journal, run.run_id)
