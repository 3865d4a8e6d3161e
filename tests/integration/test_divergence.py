"""Divergence is STUCK for a human (issue 27, step 2), in-process (``Agent.drive``), on
Postgres and SQLite: a run re-driven by changed code (a deploy between attempts) whose next
tool call or decision request differs from what its journal recorded at that position stops
STUCK with the reason ``divergence``; ``accept``, ``redecide`` and ``abandon`` lead where
documented. The same with a real worker SIGKILLed: tests/acceptance."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import EffectStatus, Journal, RunStatus, errors, runtime
from tape.config import Settings
from tape.integrations import core
from tape.reactors.compensate import compensate_run
from tape.records import RunState

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")

BANK: list[dict[str, Any]] = []
UNDONE: list[dict[str, Any]] = []


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    BANK.clear()
    UNDONE.clear()
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def undo_div_wire(**payload: Any) -> dict[str, Any]:
    UNDONE.append(payload)
    return {"reversed": payload["wire_id"]}


@tape.effect(compensate=undo_div_wire)
def div_wire(amount: int) -> dict[str, Any]:
    BANK.append({"amount": amount})
    return {"wire_id": f"W-{amount}"}


def payer(amount: int) -> tape.Agent[Any]:
    """The agent ``div-payer`` as deployed with ``amount`` in its code."""

    @tape.agent(name="div-payer")
    def pay(ctx: tape.RunContext) -> dict[str, Any]:
        receipt = div_wire(amount=amount)
        ctx.await_gate("next")  # the attempt ends here; the next one runs the new code
        return {"paid": amount, "receipt": receipt}

    return pay


def diverged_run(tj: Journal) -> str:
    """v1 wires 10 and parks; v2 (wire 20) re-drives it: STUCK on a divergence."""
    v1 = payer(10)
    run_id = tj.create_run(app_name=v1.name, invocation_id=tape.uuid()).run_id
    assert v1.drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")
    stuck = payer(20).drive(run_id, journal=tj)
    assert stuck.status == RunStatus.STUCK
    return run_id


def test_a_changed_tool_call_stops_the_run_stuck_with_both_requests(tj: Journal) -> None:
    run_id = diverged_run(tj)
    run = tj.get_run(run_id=run_id)
    detail = run.detail
    assert detail["reason"] == "divergence"
    assert detail["kind"] == "tool_call"
    assert detail["idempotency_key"] == f"{run_id}/no-decision/div_wire/0"
    assert detail["recorded"]["request"] == {"amount": 10}
    assert detail["asked"]["request"] == {"amount": 20}
    assert detail["diff"] == [{"path": "amount", "recorded": 10, "asked": 20}]
    assert BANK == [{"amount": 10}]
    (stuck_row,) = [
        r for r in tj.read_journal(run_id=run_id, kind="run") if r.payload.get("status") == "stuck"
    ]
    assert stuck_row.payload["detail"] == detail


def test_accept_replays_the_recorded_answer_and_goes_on(tj: Journal) -> None:
    run_id = diverged_run(tj)
    resolved = tj.resolve_divergence(run_id=run_id, choice="accept", operator="ops", note="ok")
    assert resolved.status == RunStatus.RUNNABLE
    done = payer(20).drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL
    assert done.detail == {"result": {"paid": 20, "receipt": {"wire_id": "W-10"}}}
    assert BANK == [{"amount": 10}]
    (row,) = tj.read_journal(run_id=run_id, subject_pattern="/tape/run/divergence-accept/**")
    assert (row.payload["operator"], row.payload["note"]) == ("ops", "ok")
    assert tj.accepted_divergences(run_id=run_id) == [row.payload["divergence"]]


def test_redecide_keeps_the_confirmed_effect_on_record_and_asks_again(tj: Journal) -> None:
    run_id = diverged_run(tj)
    tj.resolve_divergence(run_id=run_id, choice="redecide", operator="ops", note="v2 is right")
    done = payer(20).drive(run_id, journal=tj)  # its gate was delivered already: it goes on
    assert done.detail == {"result": {"paid": 20, "receipt": {"wire_id": "W-20"}}}
    assert BANK == [{"amount": 10}, {"amount": 20}]
    effects = {e.idempotency_key: e for e in tj.list_effects(run_id=run_id)}
    key = f"{run_id}/no-decision/div_wire/0"
    (old_key,) = [k for k in effects if k.startswith(key + "#superseded-")]
    assert (effects[old_key].status, effects[old_key].request) == (
        EffectStatus.CONFIRMED,
        {"amount": 10},
    )
    assert effects[key].request == {"amount": 20}
    # the wire of 10 still owes its inverse if the run is undone
    owed = {o.effect_key for o in tj.list_obligations(run_id=run_id)}
    assert owed == {old_key, key}


def test_abandon_compensates_what_was_done_once_and_ends_failed(tj: Journal) -> None:
    run_id = diverged_run(tj)
    moved = tj.resolve_divergence(run_id=run_id, choice="abandon", operator="ops", note="no")
    assert moved.status == RunStatus.COMPENSATING
    compensate_run(tj, run_id)
    assert tj.get_run(run_id=run_id).status == RunStatus.FAILED
    assert UNDONE == [{"amount": 10, "wire_id": "W-10"}]
    assert BANK == [{"amount": 10}]


def test_resolve_divergence_refuses_what_it_cannot_do(tj: Journal) -> None:
    run_id = diverged_run(tj)
    with pytest.raises(errors.InvalidArgument):
        tj.resolve_divergence(run_id=run_id, choice="ignore", operator="ops")
    other = tj.create_run(app_name="x", invocation_id=tape.uuid()).run_id
    with pytest.raises(errors.IllegalTransition):
        tj.resolve_divergence(run_id=other, choice="accept", operator="ops")
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK


def test_redecide_is_refused_while_an_effect_it_would_drop_is_unknown(tj: Journal) -> None:
    run_id = diverged_run(tj)
    tj.begin_effect(run_id=run_id, decision_index=0, tool_name="other", request_json={})
    key = f"{run_id}/decision-0/other/0"
    tj.complete_effect(run_id=run_id, idempotency_key=key, status="unknown")
    with pytest.raises(errors.IllegalTransition, match="UNKNOWN"):
        tj.resolve_divergence(run_id=run_id, choice="redecide", operator="ops")
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    assert tj.get_effect(run_id=run_id, idempotency_key=f"{run_id}/no-decision/div_wire/0")


# ---- decisions: RunContext.decide, and core.model_turn given an adapter's stable view -------

SEAM_VIEW = core.RequestView("div-seam-1", lambda request: {"messages": request["messages"]})


def asker(prompt: str, seam: bool) -> tape.Agent[Any]:
    model = tape.ScriptedModel([{"content": "a1"}, {"content": "a2"}], name="div-model")

    @tape.agent(name="div-asker")
    def ask(ctx: tape.RunContext) -> Any:
        request = {"messages": [{"role": "user", "content": prompt}]}
        if seam:
            fresh = {**request, "request_id": tape.uuid()}  # a fresh id on every attempt
            answer = core.model_turn(
                ctx, fresh, lambda: {"content": prompt}, model="div-model", view=SEAM_VIEW
            )
        else:
            answer = ctx.decide(model, request)
        ctx.await_gate("next")
        return answer["content"]

    return ask


@pytest.mark.parametrize("seam", [False, True], ids=["decide", "seam"])
def test_a_changed_prompt_stops_the_run_and_each_choice_leads_where_documented(
    tj: Journal, seam: bool
) -> None:
    def diverged() -> str:
        v1 = asker("pay 10", seam)
        run_id = tj.create_run(app_name=v1.name, invocation_id=tape.uuid()).run_id
        assert v1.drive(run_id, journal=tj).status == RunStatus.WAITING
        tj.send_signal(run_id=run_id, gate_name="next")
        assert asker("pay 20", seam).drive(run_id, journal=tj).status == RunStatus.STUCK
        return run_id

    run_id = diverged()
    detail = tj.get_run(run_id=run_id).detail
    assert (detail["reason"], detail["kind"], detail["decision_index"]) == (
        "divergence",
        "decision",
        0,
    )
    where = "request.messages[0].content"
    assert detail["diff"] == [{"path": where, "recorded": "pay 10", "asked": "pay 20"}]
    tj.resolve_divergence(run_id=run_id, choice="accept", operator="ops")
    assert asker("pay 20", seam).drive(run_id, journal=tj).detail == {
        "result": "a1" if not seam else "pay 10"
    }

    run_id = diverged()
    tj.resolve_divergence(run_id=run_id, choice="redecide", operator="ops")
    assert asker("pay 20", seam).drive(run_id, journal=tj).status == RunStatus.TERMINAL
    decision = tj.get_decision(run_id=run_id, decision_index=0)
    assert decision is not None
    asked = {"messages": [{"role": "user", "content": "pay 20"}]}
    assert decision.request == ({"view": "div-seam-1", **asked} if seam else asked)


def test_the_same_prompt_with_fresh_ids_replays_through_the_seam(tj: Journal) -> None:
    v1 = asker("pay 10", True)
    run_id = tj.create_run(app_name=v1.name, invocation_id=tape.uuid()).run_id
    assert v1.drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")
    assert asker("pay 10", True).drive(run_id, journal=tj).detail == {"result": "pay 10"}


def test_a_decision_recorded_without_the_view_is_replayed_by_position(tj: Journal) -> None:
    """Runs recorded by an adapter before it had a view: not compared (nothing to compare)."""

    @tape.agent(name="div-old-seam")
    def old(ctx: tape.RunContext) -> Any:
        answer = core.model_turn(ctx, {"messages": [], "id": tape.uuid()}, lambda: {"a": 1})
        ctx.await_gate("next")
        return answer

    run_id = tj.create_run(app_name=old.name, invocation_id=tape.uuid()).run_id
    assert old.drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")

    @tape.agent(name="div-old-seam")
    def new(ctx: tape.RunContext) -> Any:
        request = {"messages": [{"role": "user", "content": "x"}], "id": tape.uuid()}
        return core.model_turn(ctx, request, lambda: {"a": 2}, view=SEAM_VIEW)

    assert new.drive(run_id, journal=tj).detail == {"result": {"a": 1}}


# ---- the operator's CLI --------------------------------------------------------------------


def test_tape_resolve_divergence_abandon_compensates_and_refuses_bad_usage(
    tj: Journal, journal_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from tape import cli

    monkeypatch.setenv("TAPE_OPERATOR", "alice")

    def invoke(*args: str) -> Any:
        return CliRunner().invoke(
            cli.tape,
            ["resolve-divergence", *args, "--database-url", journal_url],
            catch_exceptions=False,
        )

    run_id = diverged_run(tj)
    assert invoke(run_id).exit_code == 2
    assert invoke(run_id, "--accept", "--abandon").exit_code == 2
    assert invoke(run_id, "--accept", "--effects", "reuse").exit_code == 2
    assert invoke(run_id, "--redecide", "--effects", "drop").exit_code == 2
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    done = invoke(run_id, "--abandon", "--note", "v2 must not pay this", "--json")
    assert done.exit_code == 0, done.output
    assert '"status": "FAILED"' in done.output
    assert UNDONE == [{"amount": 10, "wire_id": "W-10"}]
    (row,) = tj.read_journal(run_id=run_id, subject_pattern="/tape/run/divergence-abandon/**")
    assert (row.payload["operator"], row.payload["note"]) == ("alice", "v2 must not pay this")
    again = invoke(run_id, "--accept")
    assert again.exit_code == 1  # no longer STUCK on a divergence


# ---- a call to another tool at a recorded position (issue 27, step 2) ----------------------


def undo_div_refund(**payload: Any) -> dict[str, Any]:
    UNDONE.append({"refund": payload})
    return {}


@tape.effect(compensate=undo_div_refund)
def div_refund(amount: int) -> dict[str, Any]:
    BANK.append({"refund": amount})
    return {"refund_id": f"R-{amount}"}


@tape.effect()
def div_notify(text: str) -> str:
    BANK.append({"notify": text})
    return "sent"


def switcher(tool: str) -> tape.Agent[Any]:
    """``div-switcher`` as deployed: it calls ``tool`` (wire, refund, or wire then notify)."""

    @tape.agent(name="div-switcher")
    def switch(ctx: tape.RunContext) -> dict[str, Any]:
        receipt = div_refund(amount=10) if tool == "refund" else div_wire(amount=10)
        if tool == "wire+notify":
            div_notify(text="paid")
        ctx.await_gate("next")
        return {"receipt": receipt}

    return switch


def switched_run(tj: Journal, v2: str = "refund") -> tuple[str, RunState]:
    v1 = switcher("wire")
    run_id = tj.create_run(app_name=v1.name, invocation_id=tape.uuid()).run_id
    assert v1.drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")
    return run_id, switcher(v2).drive(run_id, journal=tj)


def test_a_call_to_another_tool_at_a_recorded_position_stops_the_run_before_it_runs(
    tj: Journal,
) -> None:
    run_id, stuck = switched_run(tj)
    assert stuck.status == RunStatus.STUCK
    detail = stuck.detail
    assert (detail["reason"], detail["kind"], detail["tool"]) == (
        "divergence",
        "tool_call",
        "div_refund",
    )
    assert detail["idempotency_key"] == f"{run_id}/no-decision/div_wire/0"
    assert (detail["recorded"]["tool"], detail["asked"]["tool"]) == ("div_wire", "div_refund")
    assert detail["diff"] == [{"path": "tool", "recorded": "div_wire", "asked": "div_refund"}]
    assert BANK == [{"amount": 10}]  # the refund never ran
    assert [e.tool_name for e in tj.list_effects(run_id=run_id)] == ["div_wire"]


def test_a_changed_tool_accepted_redecided_or_abandoned_leads_where_documented(
    tj: Journal,
) -> None:
    run_id, _ = switched_run(tj)
    tj.resolve_divergence(run_id=run_id, choice="accept", operator="ops")
    done = switcher("refund").drive(run_id, journal=tj)
    assert done.detail == {"result": {"receipt": {"wire_id": "W-10"}}}  # the recorded answer
    assert BANK == [{"amount": 10}]

    BANK.clear()
    run_id, _ = switched_run(tj)
    tj.resolve_divergence(run_id=run_id, choice="redecide", operator="ops")
    done = switcher("refund").drive(run_id, journal=tj)
    assert done.detail == {"result": {"receipt": {"refund_id": "R-10"}}}
    assert BANK == [{"amount": 10}, {"refund": 10}]
    (wire,) = [e for e in tj.list_effects(run_id=run_id) if e.tool_name == "div_wire"]
    assert wire.status == EffectStatus.CONFIRMED and "#superseded-" in wire.idempotency_key

    BANK.clear()
    run_id, _ = switched_run(tj)
    tj.resolve_divergence(run_id=run_id, choice="abandon", operator="ops")
    compensate_run(tj, run_id)
    assert tj.get_run(run_id=run_id).status == RunStatus.FAILED
    assert UNDONE == [{"amount": 10, "wire_id": "W-10"}]
    assert BANK == [{"amount": 10}]


def test_a_call_added_after_the_recorded_ones_is_not_a_divergence(tj: Journal) -> None:
    _run_id, done = switched_run(tj, v2="wire+notify")
    assert done.status == RunStatus.TERMINAL, done.detail
    assert BANK == [{"amount": 10}, {"notify": "paid"}]


# ---- a business key another run holds for another request ---------------------------------


@tape.outbox_tool(
    connector="div.books", business_key=lambda invoice, **_: invoice, wait_for_result=False
)
def div_pay(invoice: str, amount: int) -> dict[str, Any]:
    return {"invoice": invoice, "amount": amount}


def invoice_payer(amount: int) -> tape.Agent[Any]:
    @tape.agent(name="div-invoice-payer")
    def pay(ctx: tape.RunContext) -> Any:
        return div_pay(invoice="INV-1", amount=amount)

    return pay


def test_a_business_key_held_for_another_request_stops_the_run_stuck(tj: Journal) -> None:
    first = tj.create_run(app_name="div-invoice-payer", invocation_id=tape.uuid()).run_id
    assert invoice_payer(100).drive(first, journal=tj).status == RunStatus.TERMINAL
    (held,) = tj.list_effects(run_id=first)
    second = tj.create_run(app_name="div-invoice-payer", invocation_id=tape.uuid()).run_id
    stuck = invoice_payer(250).drive(second, journal=tj)
    assert stuck.status == RunStatus.STUCK
    detail = stuck.detail
    assert (detail["reason"], detail["kind"], detail["recorded_run"]) == (
        "divergence",
        "business_key",
        first,
    )
    assert detail["diff"] == [{"path": "amount", "recorded": 100, "asked": 250}]
    assert tj.list_effects(run_id=second) == []
    # accepting needs the held call's outcome; once it is known, the run uses that effect
    with pytest.raises(errors.IllegalTransition, match="PENDING"):
        tj.resolve_divergence(run_id=second, choice="accept", operator="ops")
    tj.complete_effect(
        run_id=first,
        idempotency_key=held.idempotency_key,
        status="confirmed",
        response_json={"paid": 100},
    )
    tj.resolve_divergence(run_id=second, choice="accept", operator="ops", note="same invoice")
    assert invoice_payer(250).drive(second, journal=tj).detail == {"result": {"paid": 100}}


# ---- redecide: what becomes of the effects from there (the operator's choice) --------------


def test_redecide_can_compensate_the_effects_it_sets_aside_now(tj: Journal) -> None:
    from tape.reactors import compensate

    run_id = diverged_run(tj)
    tj.resolve_divergence(run_id=run_id, choice="redecide", operator="ops", effects="compensate")
    compensate.run_once(tj)  # the pass: the wire of 10 is reversed now, once
    compensate.run_once(tj)
    assert UNDONE == [{"amount": 10, "wire_id": "W-10"}]
    done = payer(20).drive(run_id, journal=tj)
    assert done.detail == {"result": {"paid": 20, "receipt": {"wire_id": "W-20"}}}
    assert BANK == [{"amount": 10}, {"amount": 20}]
    (row,) = tj.read_journal(run_id=run_id, subject_pattern="/tape/run/divergence-redecide/**")
    assert row.payload["effects"] == "compensate"


def test_redecide_can_reuse_the_confirmed_effects_by_key(tj: Journal) -> None:
    """The model is asked again; its new answer makes the same call: the wire is not sent
    twice. (A different call there is a divergence again.)"""
    model = tape.ScriptedModel([{"amount": 10}], name="div-reuse-model")

    def planner(prompt: str) -> tape.Agent[Any]:
        @tape.agent(name="div-planner")
        def plan(ctx: tape.RunContext) -> Any:
            amount = ctx.decide(model, {"messages": [{"role": "user", "content": prompt}]})
            receipt = div_wire(amount=amount["amount"])
            ctx.await_gate("next")
            return receipt

        return plan

    run_id = tj.create_run(app_name="div-planner", invocation_id=tape.uuid()).run_id
    assert planner("pay").drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")
    assert planner("pay, politely").drive(run_id, journal=tj).status == RunStatus.STUCK
    tj.resolve_divergence(run_id=run_id, choice="redecide", operator="ops", effects="reuse")
    done = planner("pay, politely").drive(run_id, journal=tj)
    assert done.detail == {"result": {"wire_id": "W-10"}}
    assert BANK == [{"amount": 10}]  # reused by key, never sent again
    (wire,) = tj.list_effects(run_id=run_id)
    assert "#superseded-" not in wire.idempotency_key
    decision = tj.get_decision(run_id=run_id, decision_index=0)
    assert decision is not None
    assert decision.request["messages"][0]["content"] == "pay, politely"


def test_effects_choices_are_checked(tj: Journal) -> None:
    run_id = diverged_run(tj)
    with pytest.raises(errors.InvalidArgument):
        tj.resolve_divergence(run_id=run_id, choice="redecide", operator="o", effects="drop")
    with pytest.raises(errors.InvalidArgument):
        tj.resolve_divergence(run_id=run_id, choice="accept", operator="o", effects="reuse")
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK


def test_an_effect_put_in_from_outside_does_not_stop_the_runs_first_attempt(tj: Journal) -> None:
    run_id = tj.create_run(app_name="div-switcher", invocation_id=tape.uuid()).run_id
    # what tool.delay(run_id=...) from outside the run journals, before any attempt
    tj.begin_effect(run_id=run_id, decision_index=-1, tool_name="outside", request_json={})
    assert switcher("wire").drive(run_id, journal=tj).status == RunStatus.WAITING
    assert BANK == [{"amount": 10}]
