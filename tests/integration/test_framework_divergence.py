"""Issue 27, test 3 for a framework adapter: LangGraph / LangChain (``TapeMiddleware``) checks
its decisions against a stable view of the request (``tape.integrations.langgraph._model.VIEW``:
no fresh message ids). The same prompt on a re-drive replays without asking the model; a
changed prompt stops the run STUCK ``divergence`` with the diff; ``accept`` replays the
recorded answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain.agents import create_agent

import tape
from tape import Journal, RunStatus, ScriptedModel, runtime
from tape.config import Settings
from tape.integrations import core
from tape.integrations.langgraph import ScriptedChatModel, TapeMiddleware


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def lg_asker(prompt: str, counter: str) -> tape.Agent[Any]:
    """The agent ``lg-div-asker`` as deployed with ``prompt``."""

    @tape.agent(name="lg-div-asker")
    def ask(ctx: tape.RunContext) -> str:
        model = ScriptedChatModel(responses=[{"content": "ok"}], counter_path=counter)
        agent = create_agent(model, tools=[], middleware=[TapeMiddleware()])
        out = core.run_coroutine(agent.ainvoke({"messages": [{"role": "user", "content": prompt}]}))
        ctx.await_gate("next")
        return str(out["messages"][-1].content)

    return ask


def asked_once(tj: Journal, counter: str) -> str:
    v1 = lg_asker("pay 10", counter)
    run_id = tj.create_run(app_name=v1.name, invocation_id=tape.uuid()).run_id
    assert v1.drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")
    return run_id


def test_the_same_prompt_replays_though_langchain_mints_fresh_ids(
    tj: Journal, tmp_path: Path
) -> None:
    counter = str(tmp_path / "calls")
    run_id = asked_once(tj, counter)
    decision = tj.get_decision(run_id=run_id, decision_index=0)
    assert decision is not None and decision.request["view"] == "langgraph-1"
    done = lg_asker("pay 10", counter).drive(run_id, journal=tj)
    assert (done.status, done.detail) == (RunStatus.TERMINAL, {"result": "ok"})
    assert ScriptedModel.count_at(counter) == 1  # replayed, not asked again


def test_a_changed_prompt_stops_the_langgraph_run_for_a_human(tj: Journal, tmp_path: Path) -> None:
    counter = str(tmp_path / "calls")
    run_id = asked_once(tj, counter)
    stuck = lg_asker("pay 20", counter).drive(run_id, journal=tj)
    assert stuck.status == RunStatus.STUCK
    detail = stuck.detail
    assert (detail["reason"], detail["kind"], detail["decision_index"]) == (
        "divergence",
        "decision",
        0,
    )
    assert detail["diff"] == [
        {"path": "request.new_messages[0].content", "recorded": "pay 10", "asked": "pay 20"}
    ]
    assert ScriptedModel.count_at(counter) == 1
    tj.resolve_divergence(run_id=run_id, choice="accept", operator="ops")
    done = lg_asker("pay 20", counter).drive(run_id, journal=tj)
    assert (done.status, done.detail) == (RunStatus.TERMINAL, {"result": "ok"})
    assert ScriptedModel.count_at(counter) == 1
