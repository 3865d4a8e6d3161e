"""Issue 27, test 3 for Google ADK (``tape.adk.durable_app``), in-process: its decisions are
checked against a stable view of the request (``adk-1``: the system instruction, the tools,
each content's role and parts). The same instruction on a re-drive replays without asking the
model; a changed instruction stops the run STUCK ``divergence`` with the diff."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.adk.agents import LlmAgent

import tape
from tape import Journal, RunStatus, runtime
from tape.adk import ScriptedLlm, durable_app, gate_tool
from tape.config import Settings
from tape.integrations.adk import scripted


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def app(instruction: str, calls: Path) -> tape.Agent[Any]:
    """``adk-div`` as deployed with ``instruction``: the model asks for an approval (the run
    parks), then answers."""
    model = ScriptedLlm(
        turns=[scripted.call("await_go_ahead"), scripted.text("done")], calls_dir=str(calls)
    )
    agent = LlmAgent(
        name="payer", model=model, instruction=instruction, tools=[gate_tool("go-ahead")]
    )
    _, runner = durable_app("adk-div", agent, lease_ttl_ms=60_000)
    return runner.tape_agent


def parked(tj: Journal, calls: Path) -> str:
    run_id = tj.create_run(
        app_name="adk-div",
        invocation_id=tape.uuid(),
        user_id="u1",
        session_id=tape.uuid(),
        input_json={"message": "pay the invoice"},
    ).run_id
    assert app("Pay 10.", calls).drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="go-ahead")
    return run_id


def test_the_same_instruction_replays_and_the_run_goes_on(tj: Journal, tmp_path: Path) -> None:
    run_id = parked(tj, tmp_path)
    decision = tj.get_decision(run_id=run_id, decision_index=0)
    assert decision is not None and decision.request["view"] == "adk-1"
    done = app("Pay 10.", tmp_path).drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL, done.detail
    assert ScriptedLlm.calls(tmp_path, run_id) == 2  # decision 0 replayed, 1 asked


def test_a_changed_instruction_stops_the_adk_run_for_a_human(tj: Journal, tmp_path: Path) -> None:
    run_id = parked(tj, tmp_path)
    stuck = app("Pay 20.", tmp_path).drive(run_id, journal=tj)
    assert stuck.status == RunStatus.STUCK, stuck.detail
    detail = stuck.detail
    assert (detail["reason"], detail["kind"], detail["decision_index"]) == (
        "divergence",
        "decision",
        0,
    )
    (change,) = [d for d in detail["diff"] if "system_instruction" in d["path"]]
    assert "Pay 10." in str(change["recorded"]) and "Pay 20." in str(change["asked"])
    assert ScriptedLlm.calls(tmp_path, run_id) == 1
