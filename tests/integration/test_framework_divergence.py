"""Issue 27, test 3 for framework adapters: LangGraph / LangChain (``TapeMiddleware``),
Pydantic AI (``TapeDurability``) and the OpenAI Agents SDK (``tape.integrations.openai_agents``)
check their decisions against a stable view of the request
(``core.RequestView``: no fresh message ids, run ids or timestamps). The same prompt on a
re-drive replays without asking the model; a changed prompt stops the run STUCK
``divergence`` with the diff; ``accept`` replays the recorded answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from agents import Agent as OpenAIAgent
from agents import RunConfig
from langchain.agents import create_agent
from pydantic_ai import Agent as PydanticAgent

import tape
from tape import Journal, RunStatus, ScriptedModel, runtime
from tape.config import Settings
from tape.integrations import core
from tape.integrations import openai_agents as tape_oai
from tape.integrations.langgraph import ScriptedChatModel, TapeMiddleware
from tape.integrations.pydantic_ai import TapeDurability, scripted_model


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def ask_langgraph(prompt: str, counter: str) -> str:
    model = ScriptedChatModel(responses=[{"content": "ok"}], counter_path=counter)
    agent = create_agent(model, tools=[], middleware=[TapeMiddleware()])
    out = core.run_coroutine(agent.ainvoke({"messages": [{"role": "user", "content": prompt}]}))
    return str(out["messages"][-1].content)


def ask_openai_agents(prompt: str, counter: str) -> str:
    model = tape_oai.ScriptedModel(["ok"], counter_path=counter)
    bot = OpenAIAgent(name="asker", instructions="Answer.", model=model)
    result = tape_oai.run(bot, prompt, run_config=RunConfig(tracing_disabled=True))
    return str(result.final_output)


def ask_pydantic_ai(prompt: str, counter: str) -> str:
    model = scripted_model([{"content": "ok"}], counter_path=counter)
    agent = PydanticAgent(model, capabilities=[TapeDurability()])
    return str(agent.run_sync(prompt).output)


ADAPTERS: dict[str, tuple[Callable[[str, str], str], str, str]] = {
    # adapter: (ask, its view's name, where the prompt is in the view)
    "langgraph": (ask_langgraph, "langgraph-1", "request.new_messages[0].content"),
    "pydantic-ai": (ask_pydantic_ai, "pydantic-ai-1", "request.new_messages[0].parts[0].content"),
    "openai-agents": (ask_openai_agents, "openai-agents-1", "request.input[0].content"),
}


def asker(adapter: str, prompt: str, counter: str) -> tape.Agent[Any]:
    """The agent ``fw-div-asker`` as deployed with ``prompt``."""
    ask = ADAPTERS[adapter][0]

    @tape.agent(name="fw-div-asker")
    def run(ctx: tape.RunContext) -> str:
        answer = ask(prompt, counter)
        ctx.await_gate("next")
        return answer

    return run


def asked_once(tj: Journal, adapter: str, counter: str) -> str:
    v1 = asker(adapter, "pay 10", counter)
    run_id = tj.create_run(app_name=v1.name, invocation_id=tape.uuid()).run_id
    assert v1.drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")
    return run_id


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_the_same_prompt_replays_though_the_framework_mints_fresh_ids(
    tj: Journal, tmp_path: Path, adapter: str
) -> None:
    counter = str(tmp_path / "calls")
    run_id = asked_once(tj, adapter, counter)
    decision = tj.get_decision(run_id=run_id, decision_index=0)
    assert decision is not None and decision.request["view"] == ADAPTERS[adapter][1]
    done = asker(adapter, "pay 10", counter).drive(run_id, journal=tj)
    assert (done.status, done.detail) == (RunStatus.TERMINAL, {"result": "ok"})
    assert ScriptedModel.count_at(counter) == 1  # replayed, not asked again


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_a_changed_prompt_stops_the_framework_run_for_a_human(
    tj: Journal, tmp_path: Path, adapter: str
) -> None:
    counter = str(tmp_path / "calls")
    run_id = asked_once(tj, adapter, counter)
    stuck = asker(adapter, "pay 20", counter).drive(run_id, journal=tj)
    assert stuck.status == RunStatus.STUCK
    detail = stuck.detail
    assert (detail["reason"], detail["kind"], detail["decision_index"]) == (
        "divergence",
        "decision",
        0,
    )
    where = ADAPTERS[adapter][2]
    assert detail["diff"] == [{"path": where, "recorded": "pay 10", "asked": "pay 20"}]
    assert ScriptedModel.count_at(counter) == 1
    tj.resolve_divergence(run_id=run_id, choice="accept", operator="ops")
    done = asker(adapter, "pay 20", counter).drive(run_id, journal=tj)
    assert (done.status, done.detail) == (RunStatus.TERMINAL, {"result": "ok"})
    assert ScriptedModel.count_at(counter) == 1
