"""TapePlugin in one process: issue 9, test 5 (budget refusals for the model and for a tool),
a bare ``Runner`` with the plugin (the run it begins and ends, never asked twice), and the
EffectTool / ``current_effect_key`` path."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from google.adk.agents import LlmAgent
from google.adk.apps.app import App
from google.adk.runners import Runner
from google.genai import types

import tape
from tape import Journal, RunStatus
from tape.adk import (
    Budget,
    ScriptedLlm,
    TapePlugin,
    TapeSessionService,
    durable_app,
    gate_tool,
    with_budget,
)
from tape.agents.context import Parked
from tape.integrations import core
from tape.integrations.adk import scripted


def start(journal: Journal, app_name: str, message: str) -> str:
    return journal.create_run(
        app_name=app_name,
        user_id="u1",
        session_id=uuid.uuid4().hex,
        invocation_id="e-" + uuid.uuid4().hex,
        input_json={"message": message},
    ).run_id


def test_the_budget_refuses_the_tool_and_then_the_model_with_the_originals_words(
    journal: Journal, tmp_path: Any
) -> None:
    wired: list[int] = []

    def wire(amount: int) -> dict[str, Any]:
        """Wire money."""
        wired.append(amount)
        return {"ok": amount}

    model = ScriptedLlm(
        turns=[scripted.call("wire", amount=5, tokens=10), scripted.text("not reached")],
        calls_dir=str(tmp_path),
    )
    agent = LlmAgent(name="spender", model=model, tools=[wire])
    _, runner = durable_app(
        f"budget_{uuid.uuid4().hex[:6]}",
        agent,
        session_service=TapeSessionService(journal),
        budget=Budget(token_cap=5),
    )
    run_id = start(journal, runner.name, "spend")
    run = runner.tape_agent.drive(run_id, journal=journal)

    reason = journal.admit_budget(run_id=run_id).reason
    assert reason
    assert run.status == RunStatus.TERMINAL
    assert run.detail["result"]["answer"] == f"[tape] stopping: {reason}"
    assert core.budget_model_message(reason) == f"[tape] stopping: {reason}"
    assert wired == [] and journal.list_effects(run_id=run_id) == []
    assert journal.count_decisions(run_id=run_id) == 1
    assert ScriptedLlm.calls(tmp_path, run_id) == 1
    session = journal.get_session(app_name=runner.name, user_id="u1", session_id=run.session_id)
    assert session is not None
    responses = [
        part["function_response"]["response"]
        for e in session.events
        for part in (e.content.get("content") or {}).get("parts", [])
        if "function_response" in part
    ]
    assert responses == [{"error": f"tape: budget exhausted — {reason}"}]


def test_a_bare_runner_with_the_plugin_journals_the_run_and_never_repeats_it(
    journal: Journal, tmp_path: Any
) -> None:
    keys: list[str] = []

    @tape.effect()
    def wire(amount: int) -> dict[str, Any]:
        """Wire money."""
        keys.append(tape.current_effect_key())
        return {"ok": amount}

    model = ScriptedLlm(
        turns=[scripted.call("wire", amount=7, tokens=6), scripted.text("wired", tokens=2)],
        calls_dir=str(tmp_path),
    )
    app_name = f"bare_{uuid.uuid4().hex[:6]}"
    app = App(
        name=app_name,
        root_agent=LlmAgent(name="payer", model=model, tools=[wire]),
        plugins=[TapePlugin(journal=journal)],
    )
    runner = Runner(app=app, session_service=TapeSessionService(journal), auto_create_session=True)

    async def invoke() -> list[str]:
        texts = []
        async for event in runner.run_async(
            user_id="u1",
            session_id="s1",
            invocation_id="e-1",
            new_message=types.Content(role="user", parts=[types.Part(text="pay")]),
            run_config=with_budget(usd_cap=2.5, token_cap=1000),
        ):
            if event.is_final_response() and event.content and event.content.parts:
                texts.append("".join(p.text or "" for p in event.content.parts))
        return texts

    assert asyncio.run(invoke()) == ["wired"]
    begun = journal.begin_run(
        app_name=app_name,
        user_id="u1",
        session_id="s1",
        invocation_id="e-1",
        lease_owner="probe",
    )
    assert begun.status == RunStatus.TERMINAL
    run_id = begun.run_id
    (effect,) = journal.list_effects(run_id=run_id)
    assert keys == [effect.idempotency_key] == [f"{run_id}/decision-0/wire/0"]
    assert effect.response == {"ok": 7}
    budget = journal.get_budget(run_id=run_id)
    assert (budget.usd_cap, budget.token_cap, budget.tokens_spent) == (2.5, 1000, 8)

    # The same invocation again: the run is over; neither the model nor the tool runs.
    again = asyncio.run(invoke())
    assert again == [f"[tape] run {run_id} is TERMINAL; nothing to do"]
    assert ScriptedLlm.calls(tmp_path, run_id) == 2 and keys == [effect.idempotency_key]


def test_a_bare_runner_parks_on_a_gate_and_the_same_invocation_resumes_after_the_signal(
    journal: Journal, tmp_path: Any
) -> None:
    def answer(request: Any) -> Any:
        (result,) = [
            p.function_response.response
            for c in request.contents
            for p in c.parts or []
            if p.function_response is not None
        ]
        return scripted.text(f"approved={result['approved']}")

    model = ScriptedLlm(
        turns=[scripted.call("await_cfo_approval"), answer], calls_dir=str(tmp_path)
    )
    app_name = f"gated_{uuid.uuid4().hex[:6]}"
    app = App(
        name=app_name,
        root_agent=LlmAgent(name="approver", model=model, tools=[gate_tool("cfo-approval")]),
        plugins=[TapePlugin(journal=journal)],
    )
    service = TapeSessionService(journal)
    runner = Runner(app=app, session_service=service, auto_create_session=True)

    async def invoke() -> str:
        answer = ""
        async for event in runner.run_async(
            user_id="u1",
            session_id="s1",
            invocation_id="e-gate",
            new_message=types.Content(role="user", parts=[types.Part(text="approve")]),
        ):
            if event.is_final_response() and event.content and event.content.parts:
                answer = "".join(p.text or "" for p in event.content.parts)
        return answer

    async def park_then_resume() -> str:
        with pytest.raises(Parked):
            await invoke()
        (run,) = [r for r in journal.list_runs(limit=100) if r.app_name == app_name]
        assert journal.get_run(run_id=run.run_id).status == RunStatus.WAITING
        assert journal.get_run(run_id=run.run_id).waiting_on_gate == "cfo-approval"
        journal.send_signal(
            run_id=run.run_id, gate_name="cfo-approval", resolution_json={"approved": True}
        )
        await service.rewind_invocation(
            app_name=app_name, user_id="u1", session_id="s1", invocation_id="e-gate"
        )
        # The same task: the parked attempt's run is still current here and must not be used.
        return await invoke()

    assert asyncio.run(park_then_resume()) == "approved=True"
    (run,) = [r for r in journal.list_runs(limit=100) if r.app_name == app_name]
    assert journal.get_run(run_id=run.run_id).status == RunStatus.TERMINAL
    assert ScriptedLlm.calls(tmp_path, run.run_id) == 2


def test_tool_outcomes_confirmed_with_its_compensation_and_unknown_on_a_lost_ack(
    journal: Journal,
) -> None:
    def unbook(payload: Any) -> None:
        """The inverse of book (never run here)."""

    @tape.effect(compensate=unbook)
    def book(seat: str) -> dict[str, Any]:
        """Book a seat."""
        return {"booked": seat}

    def charge(amount: int) -> dict[str, Any]:
        """Charge a card; the acknowledgement is lost."""
        raise tape.AckLost("the card network timed out after sending")

    model = ScriptedLlm(
        turns=[
            scripted.call("book", seat="12A"),
            scripted.call("charge", amount=90),
            scripted.text("not reached"),
        ]
    )
    app_name = f"outcomes_{uuid.uuid4().hex[:6]}"
    app = App(
        name=app_name,
        root_agent=LlmAgent(name="agent", model=model, tools=[book, charge]),
        plugins=[TapePlugin(journal=journal)],
    )
    runner = Runner(app=app, session_service=TapeSessionService(journal), auto_create_session=True)

    async def invoke() -> None:
        async for _ in runner.run_async(
            user_id="u1",
            session_id="s1",
            invocation_id="e-1",
            new_message=types.Content(role="user", parts=[types.Part(text="trip")]),
        ):
            pass

    with pytest.raises(tape.AckLost):
        asyncio.run(invoke())
    (run,) = [r for r in journal.list_runs(limit=100) if r.app_name == app_name]
    assert journal.get_run(run_id=run.run_id).status == RunStatus.FAILED
    booked, charged = sorted(journal.list_effects(run_id=run.run_id), key=lambda e: e.seq)
    assert (booked.tool_name, booked.status) == ("book", tape.EffectStatus.CONFIRMED)
    assert (charged.tool_name, charged.status) == ("charge", tape.EffectStatus.UNKNOWN)
    assert charged.error["type"] == "AckLost"
    (owed,) = journal.list_obligations(run_id=run.run_id)
    assert owed.effect_key == booked.idempotency_key
    assert owed.payload == {"seat": "12A", "booked": "12A"}
