"""Durable agents driven in-process (``Agent.drive``), on Postgres and SQLite.

Decisions are recorded once and replayed, inline effects short-circuit, outbox tools journal
PENDING+OUTBOX and park the run until the outbox confirms, budgets refuse, deterministic
helpers replay, and a fenced-off attempt cannot write. Real workers: tests/acceptance.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tape
from tape import EffectStatus, Journal, RunStatus, connectors, errors, hints, runtime
from tape.agents import runner
from tape.config import Settings
from tape.connectors.log import LogConnector
from tape.enums import DispatchMode, EffectSemantics
from tape.reactors import outbox, recover

LOG = "agents-test-log"


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    """The journal, also as the process's runtime journal (``.delay`` outside a run)."""
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


@pytest.fixture
def log_connector(tmp_path: Path) -> Iterator[LogConnector]:
    connector = LogConnector(path=str(tmp_path / "outbox.jsonl"), name=LOG)
    connectors.register(connector)
    yield connector
    connectors.clear()


def start(tj: Journal, agent: tape.Agent[Any], **inputs: Any) -> str:
    return tj.create_run(app_name=agent.name, invocation_id=tape.uuid(), input_json=inputs).run_id


def decision(text: str, tokens: int = 0) -> dict[str, Any]:
    response: dict[str, Any] = {"content": text}
    if tokens:
        response["usage"] = {"total_tokens": tokens}
    return response


# ---- agents and tools used below ---------------------------------------------------------------

MODEL = tape.ScriptedModel([decision("plan"), decision("done")])
BODY_RUNS: list[dict[str, Any]] = []


def undo_charge(**payload: Any) -> None:
    """Compensator (registered by name)."""


@tape.effect(compensate=undo_charge)
def charge_card(card: str, cents: int = 100) -> dict[str, Any]:
    BODY_RUNS.append({"card": card, "cents": cents})
    return {"charged": cents, "card": card}


@tape.outbox_tool(connector=LOG, semantics="non_idempotent", business_key=lambda order, **_: order)
def log_order(order: str, amount: int) -> dict[str, Any]:
    return {"order": order, "amount": amount}


@tape.outbox_tool(connector=LOG, wait_for_result=False)
def fire_and_forget(note: str) -> dict[str, str]:
    return {"note": note}


@tape.outbox_tool(connector=LOG, human_gate=True)
def gated(note: str) -> dict[str, str]:
    return {"note": note}


@tape.agent(name="test-decide-twice")
def decide_twice(ctx: tape.RunContext, question: str) -> dict[str, Any]:
    first = ctx.decide(MODEL, {"messages": [{"role": "user", "content": question}]})
    ctx.await_gate("continue")
    second = ctx.decide(MODEL, {"messages": [{"role": "assistant", "content": first["content"]}]})
    return {"first": first["content"], "second": second["content"]}


@tape.agent(name="test-inline")
def inline_agent(ctx: tape.RunContext, card: str) -> Any:
    charged = charge_card(card, cents=250)
    ctx.await_gate("continue")
    return charged


@tape.agent(name="test-outbox")
def outbox_agent(ctx: tape.RunContext, order: str) -> Any:
    ctx.decide(MODEL, {"order": order})
    return log_order(order, amount=5)


# ---- decisions ---------------------------------------------------------------------------------


def test_decisions_are_recorded_once_and_replayed(tj: Journal) -> None:
    MODEL.reset([decision("plan"), decision("done")])
    calls = MODEL.calls
    run_id = start(tj, decide_twice, question="wire?")
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE

    parked = decide_twice.drive(run_id, journal=tj)
    assert (parked.status, parked.waiting_on_gate) == (RunStatus.WAITING, "continue")
    assert MODEL.calls == calls + 1

    tj.send_signal(run_id=run_id, gate_name="continue", resolution_json={"ok": True})
    done = decide_twice.drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL
    assert done.detail == {"result": {"first": "plan", "second": "done"}}
    assert MODEL.calls == calls + 2  # decision 0 replayed from the journal, not asked again
    assert tj.count_decisions(run_id=run_id) == 2
    recorded = tj.get_decision(run_id=run_id, decision_index=0)
    assert recorded is not None and recorded.model == "scripted"
    assert recorded.request == {"messages": [{"role": "user", "content": "wire?"}]}


def test_a_finished_run_is_not_driven_again(tj: Journal) -> None:
    run_id = start(tj, inline_agent, card="c-0")
    tj.end_run(run_id=run_id, status=RunStatus.CANCELLED)
    with pytest.raises(errors.IllegalTransition):
        inline_agent.drive(run_id, journal=tj)
    assert inline_agent.run_task(run_id) == "dropped"


def test_an_unhandled_error_fails_the_run(tj: Journal) -> None:
    @tape.agent(name="test-raises")
    def raises(ctx: tape.RunContext) -> None:
        raise KeyError("missing")

    run = raises.drive(start(tj, raises), journal=tj)
    assert run.status == RunStatus.FAILED
    assert run.detail == {"error": {"type": "KeyError", "message": "'missing'"}}


# ---- inline effects ----------------------------------------------------------------------------


def test_inline_effect_short_circuits_when_confirmed(tj: Journal) -> None:
    BODY_RUNS.clear()
    run_id = start(tj, inline_agent, card="c-1")
    assert inline_agent.drive(run_id, journal=tj).status == RunStatus.WAITING
    assert BODY_RUNS == [{"card": "c-1", "cents": 250}]
    (effect,) = tj.list_effects(run_id=run_id)
    assert effect.idempotency_key == f"{run_id}/no-decision/charge_card/0"
    assert (effect.status, effect.compensate_kind) == (
        EffectStatus.CONFIRMED,
        tape.registry.ref_of(undo_charge),  # a tool's inverse is keyed by its module:qualname
    )
    assert effect.request == {"card": "c-1", "cents": 250}
    assert tape.registry.get_compensator("undo_charge") is undo_charge

    tj.send_signal(run_id=run_id, gate_name="continue")
    done = inline_agent.drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL
    assert done.detail == {"result": {"charged": 250, "card": "c-1"}}
    assert len(BODY_RUNS) == 1  # short-circuited: the body did not run again


def test_a_pending_inline_effect_runs_again_with_the_same_key(tj: Journal) -> None:
    BODY_RUNS.clear()
    run_id = start(tj, inline_agent, card="c-2")
    key = f"{run_id}/no-decision/charge_card/0"
    # what the attempt that died had journaled: the same call, begun and never completed
    tj.begin_effect(
        run_id=run_id,
        decision_index=-1,
        tool_name="charge_card",
        call_index=0,
        request_json={"card": "c-2", "cents": 250},
    )
    inline_agent.drive(run_id, journal=tj)
    assert len(BODY_RUNS) == 1
    effect = tj.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.status == EffectStatus.CONFIRMED


def test_outside_a_run_an_effect_is_a_plain_call() -> None:
    BODY_RUNS.clear()
    assert charge_card("c-3") == {"charged": 100, "card": "c-3"}
    assert BODY_RUNS == [{"card": "c-3", "cents": 100}]


def test_ack_lost_completes_unknown_and_errors_fail(tj: Journal) -> None:
    @tape.effect()
    def flaky(kind: str) -> None:
        if kind == "ack":
            raise tape.AckLost("reply lost")
        raise RuntimeError("refused")

    @tape.agent(name="test-flaky")
    def flaky_agent(ctx: tape.RunContext, kind: str) -> None:
        flaky(kind)

    for kind, status in (("ack", EffectStatus.UNKNOWN), ("boom", EffectStatus.FAILED)):
        run = flaky_agent.drive(start(tj, flaky_agent, kind=kind), journal=tj)
        assert run.status == RunStatus.FAILED
        (effect,) = tj.list_effects(run_id=run.run_id)
        assert effect.status == status


# ---- outbox tools ------------------------------------------------------------------------------


def test_outbox_config_errors() -> None:
    with pytest.raises(errors.OutboxConfigError, match="unknown semantics 'maybe'"):
        tape.outbox_tool(connector="x", semantics="maybe")
    with pytest.raises(errors.OutboxConfigError) as caught:
        tape.outbox_tool(connector="x", semantics="non_idempotent")
    assert str(caught.value) == (
        "non_idempotent outbox tools must declare at least one of business_key, status_check, "
        "compensate, or human_gate=True — otherwise an UNKNOWN dispatch could be blindly retried."
    )
    for ok in (
        {"business_key": lambda **_: "k"},
        {"status_check": lambda effect: True},
        {"compensate": undo_charge},
        {"human_gate": True},
    ):
        tape.outbox_tool(connector="x", semantics="non_idempotent", **ok)

    async def pay() -> dict[str, Any]:
        return {}

    with pytest.raises(errors.OutboxConfigError) as caught:
        tape.outbox_tool(connector="x")(pay)
    assert str(caught.value) == (
        "outbox tool pay is async — outbox bodies must be synchronous pure functions that "
        "return an intent payload."
    )

    @tape.outbox_tool(connector="x")
    def returns_set() -> Any:
        return {1, 2}

    with pytest.raises(errors.OutboxConfigError) as caught:
        returns_set()
    assert str(caught.value) == (
        "outbox tool returns_set returned set; must return a JSON-serializable intent payload."
    )

    @tape.outbox_tool(connector="x", business_key=lambda account, **_: account["id"])
    def bad_key(account: Any) -> dict[str, Any]:
        return {}

    with pytest.raises(errors.OutboxConfigError, match=r"^business_key for bad_key raised: "):
        bad_key("acc-1")
    assert issubclass(errors.OutboxConfigError, ValueError)
    assert issubclass(errors.OutboxConfigError, errors.TapeError)


def test_envelope_outside_a_run() -> None:
    @tape.outbox_tool(
        connector="bank.wire",
        semantics="non_idempotent",
        business_key=lambda account, amount, date, **_: f"{account}:{amount}:{date}",
        dispatch_timeout_ms=5000,
    )
    def wire_money(account: str, amount: int, beneficiary: str, date: str = "2024-01-01") -> Any:
        return {"account": account, "amount": amount, "beneficiary": beneficiary, "date": date}

    assert wire_money("acc-1", 100, "bob") == {
        "__outbox__": True,
        "connector": "bank.wire",
        "semantics": "non_idempotent",
        "wait_for_result": True,
        "human_gate": False,
        "dispatch_timeout_ms": 5000,
        "payload": {"account": "acc-1", "amount": 100, "beneficiary": "bob", "date": "2024-01-01"},
        "business_key": "acc-1:100:2024-01-01",
    }
    assert "business_key" not in fire_and_forget("hi")
    assert wire_money._tape_outbox["connector"] == "bank.wire"


def test_delay_journals_pending_outbox(tj: Journal) -> None:
    run_id = start(tj, outbox_agent, order="o-0")
    effect = log_order.delay("o-delay", 7, run_id=run_id)
    assert (effect.status, effect.dispatch_mode) == (EffectStatus.PENDING, DispatchMode.OUTBOX)
    assert effect.semantics == EffectSemantics.NON_IDEMPOTENT
    assert (effect.connector, effect.business_key) == (LOG, "o-delay")
    assert effect.request == {"order": "o-delay", "amount": 7}
    assert effect.idempotency_key == f"{run_id}/no-decision/log_order/0"

    @tape.effect(connector=LOG)
    def ping(host: str) -> None:
        raise AssertionError("the body never runs on .delay()")

    first, second = ping.delay("a", run_id=run_id), ping.delay("b", run_id=run_id)
    assert [first.call_index, second.call_index] == [0, 1]
    assert first.dispatch_mode == DispatchMode.OUTBOX and first.request == {"host": "a"}

    with pytest.raises(errors.OutboxConfigError, match=r"charge_card\.delay\(\) needs a connector"):
        charge_card.delay("c", run_id=run_id)


def test_wait_for_result_parks_until_the_outbox_confirms(
    tj: Journal, log_connector: LogConnector
) -> None:
    MODEL.reset([decision("log it")])
    calls = MODEL.calls
    run_id = start(tj, outbox_agent, order="o-1")
    parked = outbox_agent.drive(run_id, journal=tj)
    key = f"{run_id}/decision-0/log_order/0"
    assert (parked.status, parked.waiting_on_gate) == (RunStatus.WAITING, f"effect:{key}")
    effect = tj.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.status == EffectStatus.PENDING
    assert run_id not in {r.run_id for r in tj.list_runs_to_recover()}  # parked

    outbox.run_once(tj, outbox.OutboxOptions(connector=LOG))
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE  # released with the effect

    # Recovery claims the run and hands it to the agent (here in-process, not via Celery).
    def redrive(journal: Journal, run: tape.RunState, owner: str) -> None:
        outbox_agent.drive(
            run.run_id, journal=journal, lease_epoch=run.lease_epoch, takeover_from=owner
        )

    previous = recover.set_redrive(redrive)
    try:
        rows = recover.run_once(tj)
    finally:
        recover.set_redrive(previous)
    assert [r["result"] for r in rows if r["run_id"] == run_id] == ["redriven"]
    done = tj.get_run(run_id=run_id)
    assert done.status == RunStatus.TERMINAL
    confirmed = tj.get_effect(run_id=run_id, idempotency_key=key)
    assert confirmed is not None
    assert done.detail == {"result": confirmed.response}
    assert MODEL.calls == calls + 1


def test_the_outcome_that_releases_a_parked_run_hints_its_agent_task(
    tj: Journal, log_connector: LogConnector
) -> None:
    MODEL.reset([decision("log it")])
    run_id = start(tj, outbox_agent, order="o-hint")
    assert outbox_agent.drive(run_id, journal=tj).status == RunStatus.WAITING
    sent: list[tuple[str, str]] = []
    hints.set_publisher(None, None, lambda app, run: sent.append((app, run)))
    try:
        outbox.run_once(tj, outbox.OutboxOptions(connector=LOG))
    finally:
        hints.set_publisher(None)
    # Released in the outcome's transaction, and its agent task asked for at once (not at
    # the next recovery pass); the task takes the lease itself, as a first task does.
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
    assert sent == [("test-outbox", run_id)]
    assert outbox_agent.drive(run_id, journal=tj).status == RunStatus.TERMINAL
    assert len(Path(log_connector.path).read_text().splitlines()) == 1


def test_not_waiting_returns_pending_and_failed_raises(tj: Journal) -> None:
    @tape.agent(name="test-no-wait")
    def no_wait(ctx: tape.RunContext) -> Any:
        return fire_and_forget("n")

    run = no_wait.drive(start(tj, no_wait), journal=tj)
    key = f"{run.run_id}/no-decision/fire_and_forget/0"
    assert run.detail == {"result": {"status": "pending", "idempotency_key": key}}

    MODEL.reset([decision("x")])
    run_id = start(tj, outbox_agent, order="o-fail")
    outbox_agent.drive(run_id, journal=tj)
    tj.complete_effect(
        run_id=run_id,
        idempotency_key=f"{run_id}/decision-0/log_order/0",
        status=EffectStatus.FAILED,
        error_json={"why": "rejected"},
    )
    failed = outbox_agent.drive(run_id, journal=tj)
    assert failed.status == RunStatus.FAILED
    assert failed.detail["error"]["type"] == "EffectFailed"


def test_human_gate_parks_until_approved(tj: Journal) -> None:
    @tape.agent(name="test-gated")
    def gated_agent(ctx: tape.RunContext) -> Any:
        return gated("please")

    run_id = start(tj, gated_agent)
    parked = gated_agent.drive(run_id, journal=tj)
    # named after the request it approves (tests/integration/test_approvals.py)
    assert parked.waiting_on_gate.startswith("approve:gated:0:")
    assert tj.list_effects(run_id=run_id) == []  # nothing journaled before approval
    tj.send_signal(run_id=run_id, gate_name=parked.waiting_on_gate, resolution_json={"ok": True})
    parked = gated_agent.drive(run_id, journal=tj)
    assert parked.waiting_on_gate == f"effect:{run_id}/no-decision/gated/0"


# ---- budgets, determinism, fencing -------------------------------------------------------------


def test_budget_refuses_the_next_decision(tj: Journal) -> None:
    model = tape.ScriptedModel([decision("a", tokens=8)])

    @tape.agent(name="test-budget", budget=tape.Budget(token_cap=10))
    def spender(ctx: tape.RunContext) -> None:
        for _ in range(3):
            ctx.decide(model, {"q": "more"})

    run = spender.drive(start(tj, spender), journal=tj)
    assert run.status == RunStatus.FAILED
    assert run.detail["error"]["type"] == "BudgetExceeded"
    assert model.calls == 2  # 8 then 16 tokens spent; the third call was never made
    assert tj.get_budget(run_id=run.run_id).tokens_spent == 16


def test_sample_now_uuid_are_deterministic_across_redrives(tj: Journal) -> None:
    seen: list[dict[str, Any]] = []

    @tape.agent(name="test-det")
    def det(ctx: tape.RunContext) -> dict[str, Any]:
        values = {
            "uuid": ctx.uuid(),
            "now": tape.now(),
            "dice": tape.sample("dice", random.random),
            "dice2": ctx.sample("dice", random.random),
        }
        seen.append(values)
        ctx.await_gate("go")
        return values

    run_id = start(tj, det)
    det.drive(run_id, journal=tj)
    tj.send_signal(run_id=run_id, gate_name="go")
    done = det.drive(run_id, journal=tj)
    assert seen[0] == seen[1] == done.detail["result"]
    assert seen[0]["dice"] != seen[0]["dice2"]
    keys = {e.idempotency_key for e in tj.list_effects(run_id=run_id)}
    assert f"{run_id}/sample-dice-1" in keys and f"{run_id}/sample-uuid-0" in keys


def test_a_fenced_off_attempt_cannot_write(tj: Journal) -> None:
    model = tape.ScriptedModel([decision("late")])

    @tape.agent(name="test-fenced")
    def fenced(ctx: tape.RunContext) -> None:
        # Another owner takes the run over while this attempt still runs.
        ctx.journal.resume_run(
            run_id=ctx.run_id,
            lease_owner="intruder",
            lease_epoch=ctx.lease_epoch,
            takeover_from=ctx.lease_owner,
        )
        ctx.decide(model, {"q": "anything"})

    run_id = start(tj, fenced)
    after = fenced.drive(run_id, journal=tj)
    assert (after.status, after.lease_owner) == (RunStatus.RUNNING, "intruder")
    assert tj.count_decisions(run_id=run_id) == 0
    with pytest.raises(errors.StaleLease):
        tj.begin_effect(
            run_id=run_id, decision_index=-1, tool_name="t", lease_epoch=after.lease_epoch - 1
        )


# ---- starting runs, models ---------------------------------------------------------------------


def test_delay_creates_a_runnable_run_and_sends_its_task(
    tj: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(runner, "send", lambda *args: sent.append(args))
    handle = outbox_agent.delay(order="o-9", user_id="u", invocation_id="inv-9")
    run = handle.state()
    assert (run.status, run.app_name, run.input) == (
        RunStatus.RUNNABLE,
        "test-outbox",
        {"order": "o-9"},
    )
    assert (run.lease_owner, run.lease_epoch) == ("", 0)
    assert sent == [("tape.agents.test-outbox", handle.run_id, None, "")]
    assert (
        outbox_agent.delay(order="o-9", user_id="u", invocation_id="inv-9").run_id == handle.run_id
    )
    tj.end_run(run_id=handle.run_id, status=RunStatus.CANCELLED)
    assert handle.wait(timeout=1).status == RunStatus.CANCELLED


def test_scripted_model_counts_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "calls"
    a = tape.ScriptedModel([decision("1"), decision("2")], counter_path=path)
    b = tape.ScriptedModel([decision("1"), decision("2")], counter_path=path)
    assert a({})["content"] == "1"
    assert b({})["content"] == "2"  # a second process goes on where the first stopped
    assert a.calls == b.calls == tape.ScriptedModel.count_at(path) == 2


def test_openai_adapter_journals_request_and_response(tj: Journal) -> None:
    class Completions:
        def __init__(self) -> None:
            self.kwargs: list[dict[str, Any]] = []

        def create(self, **kwargs: Any) -> Any:
            self.kwargs.append(kwargs)

            class Completion:
                def model_dump(self) -> dict[str, Any]:
                    return {
                        "choices": [{"message": {"role": "assistant", "content": "hi"}}],
                        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
                    }

            return Completion()

    class Client:
        api_key = "sk-secret-never-journaled"

        def __init__(self) -> None:
            self.chat = type("Chat", (), {"completions": Completions()})()

    client = Client()
    model = tape.OpenAIChatModel(client, "gpt-test")

    @tape.agent(name="test-openai")
    def chat(ctx: tape.RunContext) -> Any:
        return ctx.decide(model, {"messages": [{"role": "user", "content": "hello"}]})

    run = chat.drive(start(tj, chat), journal=tj)
    assert run.status == RunStatus.TERMINAL
    assert client.chat.completions.kwargs == [
        {"model": "gpt-test", "messages": [{"role": "user", "content": "hello"}]}
    ]
    recorded = tj.get_decision(run_id=run.run_id, decision_index=0)
    assert recorded is not None and recorded.model == "gpt-test"
    assert recorded.response["choices"][0]["message"]["content"] == "hi"
    assert tj.get_budget(run_id=run.run_id).tokens_spent == 5
    dumped = json.dumps([e.payload for e in tj.read_journal(run_id=run.run_id, limit=1000)])
    assert "sk-secret" not in dumped + recorded.request_json + recorded.response_json


def _crash_hook_exit(point: str, tool: str, env: dict[str, str]) -> int:
    """Run ``maybe_crash(point, tool)`` in a fresh interpreter with ``env``; its exit code."""
    code = f"from tape.agents import crash; crash.maybe_crash({point!r}, {tool!r})"
    base = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_CRASH")}
    proc = subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, timeout=60
    )
    assert proc.stderr == b"", proc.stderr
    return proc.returncode


def test_crash_hook_kills_by_sigkill_only_when_armed(tmp_path: Path) -> None:
    armed = {"TAPE_CRASH_AT": "before_tool:wire_money"}
    killed = -signal.SIGKILL
    assert _crash_hook_exit("before_tool", "wire_money", {}) == 0  # not armed
    assert _crash_hook_exit("after_begin_effect", "wire_money", armed) == 0  # another point
    assert _crash_hook_exit("before_tool", "other_tool", armed) == 0  # another tool
    assert _crash_hook_exit("before_tool", "wire_money", armed) == killed
    # Any tool when the spec names none.
    assert _crash_hook_exit("before_tool", "other_tool", {"TAPE_CRASH_AT": "before_tool"}) == killed
    # With a once-file, only the process that creates it dies.
    once = {**armed, "TAPE_CRASH_ONCE_FILE": str(tmp_path / "crashed")}
    assert _crash_hook_exit("before_tool", "wire_money", once) == killed
    assert (tmp_path / "crashed").exists()
    assert _crash_hook_exit("before_tool", "wire_money", once) == 0  # already crashed once
