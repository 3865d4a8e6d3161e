"""The adapters' other entry points, in-process on SQLite (issue 10): LangGraph's async path
(``ainvoke`` → ``awrap_model_call`` / ``awrap_tool_call``), Pydantic AI's ``run_sync``, a tool's
``ModelRetry`` and a plain tool returning a bare string. Each run's first attempt dies after its
tools ran (a ``BaseException``, as a SIGKILL leaves it: lease held, nothing ended); the
re-driven attempt must ask the model nothing already answered and run no tool body again.
The real-worker, real-SIGKILL contract is tests/acceptance/test_framework_adapters.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain.agents import create_agent
from langchain_core.tools import tool as lc_tool
from pydantic_ai import Agent, ModelRetry

import tape
from tape import Journal, RunStatus, ScriptedModel
from tape.integrations import core
from tape.integrations.langgraph import ScriptedChatModel, TapeMiddleware
from tape.integrations.pydantic_ai import TapeDurability, scripted_model

bodies: list[str] = []
crash_after: list[bool] = []


class Crash(BaseException):
    """The attempt dies here (the runner does not catch it)."""


def _die_once() -> None:
    if crash_after:
        crash_after.pop()
        raise Crash()


@lc_tool
def greet(name: str) -> str:
    """Greet ``name``."""
    bodies.append(f"greet:{name}")
    return f"hello {name}"


def shout(text: str) -> str:
    """Shout ``text``; asks for a retry on lower-case input."""
    bodies.append(f"shout:{text}")
    if text != text.upper():
        raise ModelRetry("upper-case only")
    return f"{text}!"


@tape.agent(name="lg_async")
def lg_async(ctx: tape.RunContext, counter: str) -> str:
    model = ScriptedChatModel(
        responses=[
            {"tool_calls": [{"name": "greet", "args": {"name": n}} for n in ("ann", "bob")]},
            {"content": "greeted"},
        ],
        counter_path=counter,
    )
    agent = create_agent(model, tools=[greet], middleware=[TapeMiddleware()])
    out = core.run_coroutine(agent.ainvoke({"messages": [{"role": "user", "content": "hi"}]}))
    _die_once()
    return str(out["messages"][-1].content)


@tape.agent(name="pa_sync")
def pa_sync(ctx: tape.RunContext, counter: str) -> str:
    model = scripted_model(
        [
            {"tool_calls": [{"name": "shout", "args": {"text": "hey"}}]},
            {"tool_calls": [{"name": "shout", "args": {"text": "HEY"}}]},
            {"content": "shouted"},
        ],
        counter_path=counter,
    )
    agent = Agent(model, tools=[shout], capabilities=[TapeDurability()])
    result = agent.run_sync("shout hey")
    _die_once()
    return result.output


def _crash_then_finish(
    agent: tape.Agent[Any], journal: Journal, counter: str
) -> tuple[Any, Callable[[], int]]:
    run_id = journal.create_run(
        app_name=agent.name, invocation_id=uuid.uuid4().hex, input_json={"counter": counter}
    ).run_id
    crash_after.append(True)
    try:
        agent.drive(run_id, journal=journal)
        raise AssertionError("the first attempt should have died")
    except Crash:
        pass
    calls_before = ScriptedModel.count_at(counter)
    killed = journal.get_run(run_id=run_id)
    done = agent.drive(
        run_id, journal=journal, lease_epoch=killed.lease_epoch, takeover_from=killed.lease_owner
    )
    return done, lambda: ScriptedModel.count_at(counter) - calls_before


def test_langgraph_async_path_replays(sqlite_url: str, tmp_path: Path) -> None:
    journal = Journal(sqlite_url)
    bodies.clear()

    done, asked_again = _crash_then_finish(lg_async, journal, str(tmp_path / "calls"))

    assert done.status == RunStatus.TERMINAL, done.detail
    assert done.detail["result"] == "greeted"
    assert asked_again() == 0
    assert sorted(bodies) == ["greet:ann", "greet:bob"]
    keys = sorted(e.idempotency_key for e in journal.list_effects(run_id=done.run_id))
    assert keys == [f"{done.run_id}/decision-0/greet/{p}" for p in (0, 1)]
    journal.close()


def test_pydantic_ai_run_sync_replays_a_model_retry(sqlite_url: str, tmp_path: Path) -> None:
    journal = Journal(sqlite_url)
    bodies.clear()

    done, asked_again = _crash_then_finish(pa_sync, journal, str(tmp_path / "calls"))

    assert done.status == RunStatus.TERMINAL, done.detail
    assert done.detail["result"] == "shouted"
    assert asked_again() == 0
    assert bodies == ["shout:hey", "shout:HEY"]  # the retried call and the good one, once each
    effects = {e.idempotency_key: e.response for e in journal.list_effects(run_id=done.run_id)}
    assert effects == {
        f"{done.run_id}/decision-0/shout/0": {"model_retry": "upper-case only"},
        f"{done.run_id}/decision-1/shout/0": {"return": "HEY!"},
    }
    journal.close()
