"""The OpenAI Agents SDK adapter in one process, on SQLite (no network).

The real SDK ``Runner`` runs inside ``Agent.drive``; an attempt is cut off by a ``Crash`` (a
BaseException, as a SIGKILL leaves the run: lease held, nothing ended) and the next attempt
takes the run over. The real-worker, real-SIGKILL versions are in
``tests/acceptance/test_openai_agents_celery.py``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from agents import Agent, RunConfig, Runner, function_tool
from agents.items import ModelResponse
from agents.testing import function_call
from agents.usage import Usage
from pydantic import BaseModel

import tape
from tape import EffectStatus, Journal, RunStatus, errors, runtime
from tape.config import Settings
from tape.integrations import core
from tape.integrations import openai_agents as tape_oai

bodies: list[str] = []
crash_in: set[str] = set()
NO_TRACING = RunConfig(tracing_disabled=True)


class Crash(BaseException):
    """The attempt dies here."""


@function_tool
def lookup(city: str) -> dict[str, Any]:
    """Look a city up."""
    bodies.append(city)
    if city in crash_in:
        crash_in.discard(city)
        raise Crash()
    if city == "Atlantis":
        raise tape.AckLost("the reply was lost")
    return {"city": city, "temp": len(city)}


def _bot(steps: list[Any], **options: Any) -> tuple[Agent[Any], tape_oai.ScriptedModel]:
    model = tape_oai.ScriptedModel(steps)
    return Agent(name="bot", model=model, tools=[lookup], **options), model


@pytest.fixture
def tj(sqlite_url: str) -> Iterator[Journal]:
    # SQLite here; the real-worker tests run the same adapter on Postgres.
    runtime.configure(Settings(database_url=sqlite_url, dispatch_hints=False))
    bodies.clear()
    crash_in.clear()
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def _start(j: Journal, agent: tape.Agent[Any], **inputs: Any) -> str:
    return j.create_run(app_name=agent.name, invocation_id=tape.uuid(), input_json=inputs).run_id


def _redrive(j: Journal, agent: tape.Agent[Any], run_id: str) -> Any:
    run = j.get_run(run_id=run_id)
    return agent.drive(
        run_id, journal=j, lease_epoch=run.lease_epoch, takeover_from=run.lease_owner
    )


def test_a_crashed_sdk_run_replays_decisions_and_confirmed_tools(tj: Journal) -> None:
    steps = [[("lookup", {"city": "Oslo"}), ("lookup", {"city": "Rome"})], "done"]
    bot, model = _bot(steps)
    durable = tape_oai.durable_runner(bot, name="test-oai-replay", run_config=NO_TRACING)
    run_id = _start(tj, durable, input="weather?")
    crash_in.add("Rome")
    with pytest.raises(Crash):
        durable.drive(run_id, journal=tj)
    first = tj.get_decision(run_id=run_id, decision_index=0)
    assert first is not None

    done = _redrive(tj, durable, run_id)
    assert done.status == RunStatus.TERMINAL
    assert done.detail["result"] == {"final_output": "done", "last_agent": "bot"}
    assert model.calls == 2  # decision 0 replayed, decision 1 asked once
    assert bodies == ["Oslo", "Rome", "Rome"]  # Oslo CONFIRMED: not run again
    replayed = tj.get_decision(run_id=run_id, decision_index=0)
    assert replayed is not None and replayed.response == first.response
    ids = [item["call_id"] for item in first.response["output"]]
    assert [core.parse_call_id(i) for i in ids] == [(0, 0), (0, 1)]
    keys = {e.idempotency_key: e.status for e in tj.list_effects(run_id=run_id)}
    assert keys == {
        f"{run_id}/decision-0/lookup/0": EffectStatus.CONFIRMED,
        f"{run_id}/decision-0/lookup/1": EffectStatus.CONFIRMED,
    }


def test_a_lost_ack_in_an_inline_tool_is_unknown_and_the_model_sees_the_error(
    tj: Journal,
) -> None:
    bot, _ = _bot([[("lookup", {"city": "Atlantis"})], "gave up"])
    durable = tape_oai.durable_runner(bot, name="test-oai-ack", run_config=NO_TRACING)
    done = durable.drive(_start(tj, durable, input="x"), journal=tj)
    assert done.status == RunStatus.TERMINAL
    (effect,) = tj.list_effects(run_id=done.run_id)
    assert effect.status == EffectStatus.UNKNOWN  # the body's AckLost, not the SDK's error text
    decision = tj.get_decision(run_id=done.run_id, decision_index=1)
    assert decision is not None
    assert "An error occurred while running the tool" in str(decision.request["input"])


def test_a_token_budget_stops_the_run_with_a_final_message(tj: Journal) -> None:
    bot, model = _bot([[("lookup", {"city": "Oslo"})], "never asked"])
    durable = tape_oai.durable_runner(bot, name="test-oai-budget", run_config=NO_TRACING)
    run_id = _start(tj, durable, input="x")
    tj.set_budget(run_id=run_id, token_cap=5)
    done = durable.drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL
    assert done.detail["result"]["final_output"].startswith("[tape] stopping: ")
    assert model.calls == 1


class Verdict(BaseModel):
    ok: bool


def test_a_budget_refusal_with_a_structured_output_raises_budget_exceeded(tj: Journal) -> None:
    bot, _ = _bot([[("lookup", {"city": "Oslo"})], '{"ok": true}'], output_type=Verdict)
    durable = tape_oai.durable_runner(bot, name="test-oai-budget-typed", run_config=NO_TRACING)
    run_id = _start(tj, durable, input="x")
    tj.set_budget(run_id=run_id, token_cap=5)
    done = durable.drive(run_id, journal=tj)
    assert done.status == RunStatus.FAILED
    assert done.detail["error"]["type"] == "BudgetExceeded"


def test_outside_a_run_wrapped_agents_behave_as_before(tj: Journal) -> None:
    bot, _ = _bot([[("lookup", {"city": "Oslo"})], "plain"])
    tape_oai.durable(bot)
    assert isinstance(bot.model, tape_oai.TapeModel)
    result = asyncio.run(Runner.run(bot, "x", run_config=NO_TRACING))
    assert result.final_output == "plain"
    assert bodies == ["Oslo"]
    with pytest.raises(errors.NotInRun):
        tape_oai.run(bot, "x")


def test_a_model_response_round_trips_through_json() -> None:
    usage = Usage(requests=1, input_tokens=3, output_tokens=4, total_tokens=7)
    response = ModelResponse(
        output=[function_call("lookup", {"city": "Oslo"}, call_id="c-1")],
        usage=usage,
        response_id="resp-1",
    )
    data = tape_oai.response_to_json(response)
    assert data["usage"]["total_tokens"] == 7
    back = tape_oai.response_from_json(data)
    assert [item.model_dump() for item in back.output] == [
        item.model_dump() for item in response.output
    ]
    assert (back.usage.total_tokens, back.response_id) == (7, "resp-1")


def test_a_copied_tool_is_journaled_once(tj: Journal) -> None:
    bot, _ = _bot([[("lookup", {"city": "Oslo"})], "done"])
    tape_oai.durable(bot)
    # The SDK copies tools (dataclasses.replace) in places; the copy must not journal twice.
    bot.tools = [dataclasses.replace(lookup, name="lookup")]
    durable = tape_oai.durable_runner(bot, name="test-oai-copied", run_config=NO_TRACING)
    done = durable.drive(_start(tj, durable, input="x"), journal=tj)
    assert done.status == RunStatus.TERMINAL
    (effect,) = tj.list_effects(run_id=done.run_id)
    assert (effect.status, effect.response) == (EffectStatus.CONFIRMED, {"city": "Oslo", "temp": 4})
    assert bodies == ["Oslo"]
