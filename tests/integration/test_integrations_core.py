"""The framework seam (tape.integrations.core), on Postgres and SQLite, with a toy framework.

The toy framework below does what every real one does: ask a model, run the tool calls the
answer names (each call has an id the model minted), feed the results back, repeat. The
attempt is cut off mid-run (a ``Crash`` escapes the agent as a SIGKILL would leave it: lease
held, nothing ended), and the re-driven attempt must ask the model nothing it already answered,
run no tool body that already CONFIRMED, and see the same call ids. The per-framework adapters
prove the same with real SIGKILLs of real workers.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import EffectStatus, Journal, RunStatus, errors, runtime
from tape.config import Settings
from tape.integrations import core

model_calls: list[int] = []
tool_bodies: list[str] = []
crash_in: set[str] = set()
minted = itertools.count()


class Crash(BaseException):
    """The attempt dies here (not an Exception: the agent runner does not catch it)."""


def toy_model(turn: int) -> dict[str, Any]:
    """Turn 0 asks for two lookups at once; turn 1 for one; turn 2 answers."""
    model_calls.append(turn)
    if turn == 2 and "model-2" in crash_in:
        crash_in.discard("model-2")
        raise Crash()
    args = {0: [{"city": "Oslo"}, {"city": "Rome"}], 1: [{"city": "Lima"}], 2: []}[turn]
    return {
        "calls": [{"id": f"model-{next(minted)}", "name": "lookup", "args": a} for a in args],
        "usage": {"total_tokens": 10},
    }


def lookup(city: str) -> dict[str, Any]:
    tool_bodies.append(city)
    return {"city": city, "temp": len(city)}


def toy_framework(ctx: tape.RunContext) -> list[Any]:
    """A framework loop on the seam; returns every tool result, in order."""
    results: list[Any] = []
    for turn in itertools.count():
        index = core.next_decision_index(ctx)

        def ask(turn: int = turn, index: int = index) -> dict[str, Any]:
            answer = toy_model(turn)
            for position, call in enumerate(answer["calls"]):
                call["id"] = core.call_id(ctx, index, position)  # before it is recorded
            return answer

        answer = core.model_turn(ctx, {"turn": turn}, ask, model="toy")
        if not answer["calls"]:
            return results
        for call in answer["calls"]:
            decision, position = core.parse_call_id(call["id"]) or (-1, -1)
            results.append(
                core.run_tool(
                    ctx,
                    call["name"],
                    call["args"],
                    lambda call=call: lookup(**call["args"]),
                    decision_index=decision,
                    position=position,
                )
            )
    raise AssertionError("unreachable")


@tape.agent(name="test-toy-framework")
def toy_agent(ctx: tape.RunContext) -> list[Any]:
    return toy_framework(ctx)


@tape.agent(name="test-toy-framework-async")
def toy_async_agent(ctx: tape.RunContext) -> Any:
    async def turn() -> Any:
        answer = await core.amodel_turn(ctx, {"q": "x"}, _answer_async, model="toy-async")
        return await core.arun_tool(
            ctx,
            "lookup",
            {"city": "Kyiv"},
            _lookup_async,
            decision_index=0,
            position=0,
        ), answer

    return core.run_coroutine(turn())


async def _answer_async() -> dict[str, Any]:
    model_calls.append(99)
    return {"text": "ok"}


async def _lookup_async() -> dict[str, Any]:
    await asyncio.sleep(0)
    return lookup("Kyiv")


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    model_calls.clear()
    tool_bodies.clear()
    crash_in.clear()
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def start(j: Journal, agent: tape.Agent[Any]) -> str:
    return j.create_run(app_name=agent.name, invocation_id=tape.uuid(), input_json={}).run_id


def test_a_redriven_framework_run_replays_decisions_and_confirmed_tools(tj: Journal) -> None:
    run_id = start(tj, toy_agent)
    crash_in.add("model-2")
    with pytest.raises(Crash):
        toy_agent.drive(run_id, journal=tj)
    assert model_calls == [0, 1, 2]
    assert tool_bodies == ["Oslo", "Rome", "Lima"]
    first_ids = [d.response["calls"] for d in _decisions(tj, run_id)]

    crashed = tj.get_run(run_id=run_id)
    done = toy_agent.drive(
        run_id, journal=tj, lease_epoch=crashed.lease_epoch, takeover_from=crashed.lease_owner
    )
    assert done.status == RunStatus.TERMINAL
    assert model_calls == [0, 1, 2, 2]  # only the unanswered decision was asked again
    assert tool_bodies == ["Oslo", "Rome", "Lima"]  # every CONFIRMED call short-circuited
    assert done.detail["result"] == [
        {"city": "Oslo", "temp": 4},
        {"city": "Rome", "temp": 4},
        {"city": "Lima", "temp": 4},
    ]
    assert [d.response["calls"] for d in _decisions(tj, run_id)][:2] == first_ids[:2]
    prefix = core.call_id(tape.RunContext(tj, run_id, 0), 0, 0)
    assert first_ids[0][0]["id"] == prefix  # ids are the seam's, not the model's
    keys = {e.idempotency_key: e.status for e in tj.list_effects(run_id=run_id)}
    assert keys == {
        f"{run_id}/decision-0/lookup/0": EffectStatus.CONFIRMED,
        f"{run_id}/decision-0/lookup/1": EffectStatus.CONFIRMED,
        f"{run_id}/decision-1/lookup/0": EffectStatus.CONFIRMED,
    }


def test_async_turns_run_from_a_sync_agent_and_replay(tj: Journal) -> None:
    run_id = start(tj, toy_async_agent)
    first = toy_async_agent.drive(run_id, journal=tj)
    assert first.status == RunStatus.TERMINAL
    assert first.detail["result"] == [{"city": "Kyiv", "temp": 4}, {"text": "ok"}]
    assert (model_calls, tool_bodies) == ([99], ["Kyiv"])


def test_run_coroutine_works_inside_a_running_loop() -> None:
    async def outer() -> int:
        async def inner() -> int:
            return 7

        return core.run_coroutine(inner())

    assert asyncio.run(outer()) == 7


def test_budget_refusal_and_its_messages(tj: Journal) -> None:
    run_id = start(tj, toy_agent)
    tj.set_budget(run_id=run_id, token_cap=5)
    ended = toy_agent.drive(run_id, journal=tj)
    # The first answer spends 10 tokens against a cap of 5: the second model call is refused.
    assert ended.status == RunStatus.FAILED
    assert ended.detail["error"]["type"] == "BudgetExceeded"
    assert model_calls == [0]
    ctx = tape.RunContext(tj, run_id, 0)
    reason = core.admit(ctx)
    assert reason
    assert core.budget_model_message(reason) == f"[tape] stopping: {reason}"
    assert core.budget_tool_error(reason) == {"error": f"tape: budget exhausted — {reason}"}


def test_outside_a_run_the_seam_refuses_and_ids_parse(tj: Journal) -> None:
    with pytest.raises(errors.NotInRun, match="inside a tape agent run"):
        core.require_run("toy")
    ctx = tape.RunContext(tj, "run-x", 0)
    assert core.parse_call_id(core.call_id(ctx, 3, 4)) == (3, 4)
    assert core.parse_call_id("adk-123") is None
    assert core.call_id(ctx, 3, 4) == core.call_id(tape.RunContext(tj, "run-x", 9), 3, 4)


def _decisions(j: Journal, run_id: str) -> list[Any]:
    found = []
    for index in itertools.count():
        decision = j.get_decision(run_id=run_id, decision_index=index)
        if decision is None:
            return found
        found.append(decision)
    return found


@tape.effect()
def greet(name: str) -> str:
    tool_bodies.append(f"greet:{tape.current_effect_key()}")
    return f"hello {name}"


@tape.agent(name="test-toy-framework-declared")
def declared_agent(ctx: tape.RunContext) -> Any:
    core.model_turn(ctx, {"q": "greet"}, lambda: {"calls": 1}, model="toy")
    by_declaration = core.run_tool(
        ctx,
        "greet",
        {"name": "ada"},
        lambda: greet(name="ada"),  # not used: the declaration runs the call
        decision_index=0,
        position=3,
        tool=greet,
    )
    plain = core.run_tool(
        ctx,
        "shout",
        {"text": "hi"},
        lambda: tool_bodies.append(f"shout:{tape.current_effect_key()}") or "HI",
        decision_index=0,
        position=0,
    )
    direct = greet("bob")  # an @tape.effect returning a plain string, called directly
    return [by_declaration, plain, direct]


def test_declared_tools_journal_once_and_strings_round_trip(tj: Journal) -> None:
    run_id = start(tj, declared_agent)
    done = declared_agent.drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL, done.detail
    assert done.detail["result"] == ["hello ada", "HI", "hello bob"]
    effects = {e.idempotency_key: e for e in tj.list_effects(run_id=run_id)}
    greet_key = f"{run_id}/decision-0/greet/3"
    shout_key = f"{run_id}/decision-0/shout/0"
    assert set(effects) == {greet_key, shout_key, f"{run_id}/decision-0/greet/0"}
    assert effects[greet_key].response == "hello ada"
    # Each body saw the key it was journaled under (tape.current_effect_key()).
    assert tool_bodies == [
        f"greet:{greet_key}",
        f"shout:{shout_key}",
        f"greet:{run_id}/decision-0/greet/0",
    ]


def _release_seat(**payload: Any) -> None:
    """A compensator (never called here)."""


def _broken_payload(arguments: dict[str, Any], result: Any) -> Any:
    raise KeyError("seat")


@tape.effect(compensate=_release_seat, compensation_payload=_broken_payload)
def reserve(flight: str) -> dict[str, str]:
    return {"booking": flight}


@tape.agent(name="test-toy-framework-phases")
def phased_agent(ctx: tape.RunContext) -> Any:
    """A framework that journals a declared tool in two phases (ADK's before/after tool
    callbacks), with a payload builder that raises."""
    core.model_turn(ctx, {"q": "reserve"}, lambda: {"calls": 1}, model="toy")
    call = core.begin_tool(
        ctx, "reserve", {"flight": "LH1"}, decision_index=0, position=0, tool=reserve
    )
    result = reserve.fn(flight="LH1")  # the framework runs the tool itself
    return core.finish_tool(ctx, call, result)


def test_a_phased_framework_tool_with_a_raising_payload_builder_still_owes_the_inverse(
    tj: Journal,
) -> None:
    # As @tape.effect itself does: the call happened, so the effect is confirmed owing the
    # default payload (the inverse is never lost), and the builder's error is raised.
    run_id = start(tj, phased_agent)
    run = phased_agent.drive(run_id, journal=tj)
    assert run.status == RunStatus.FAILED and run.detail["error"]["type"] == "KeyError"
    (effect,) = tj.list_effects(run_id=run_id)
    assert (effect.status, effect.response) == (EffectStatus.CONFIRMED, {"booking": "LH1"})
    (owed,) = tj.list_obligations(run_id=run_id)
    assert owed.kind == effect.compensate_kind
    assert json.loads(owed.payload_json) == {"flight": "LH1", "booking": "LH1"}
