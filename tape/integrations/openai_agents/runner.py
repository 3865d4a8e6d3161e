"""``Runner.run(...)`` inside a tape agent task.

:func:`run` is what an ``@tape.agent`` body calls instead of ``Runner.run``: it makes the agent
graph durable (:func:`durable`: every agent's model a :class:`TapeModel`, every function tool a
tape effect, through handoffs), puts a :class:`TapeModelProvider` in the run config, and runs
the SDK's own ``Runner.run`` to completion. After a crash, recovery re-drives the tape run, the
body runs again from the top, and the SDK replays: recorded model responses by position,
CONFIRMED tool calls short-circuited.

:func:`durable_runner` is the whole recipe in one call: a tape agent whose input is the SDK
input (``.delay(input="...")``) and whose result is the run's final output.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from agents import Agent, RunConfig, Runner
from agents.handoffs import Handoff
from agents.models.interface import Model
from agents.result import RunResult

from tape.agents.context import Budget, RunContext
from tape.agents.runner import Agent as TapeAgent
from tape.agents.runner import agent as tape_agent
from tape.agents.tools import jsonable
from tape.integrations import core
from tape.integrations.core import Charge
from tape.integrations.openai_agents.model import (
    FRAMEWORK,
    TapeModel,
    TapeModelProvider,
    durable_model,
)
from tape.integrations.openai_agents.tools import make_durable_tools


def _targets(agent: Agent[Any]) -> list[Agent[Any]]:
    found: list[Agent[Any]] = []
    for handoff in agent.handoffs:
        if isinstance(handoff, Agent):
            found.append(handoff)
        elif isinstance(handoff, Handoff):
            # ``handoff(agent)`` keeps only a weak reference to its target.
            ref = getattr(handoff, "_agent_ref", None)
            target = ref() if callable(ref) else None
            if isinstance(target, Agent):
                found.append(target)
    return found


def durable(agent: Agent[Any], *, charge: Charge | None = None) -> Agent[Any]:
    """Make ``agent`` and every agent it can hand off to durable, in place; returns ``agent``.

    A model given as an instance (``Agent(model=SomeModel())``) becomes a :class:`TapeModel`
    around it (the run config's provider covers models given by name); function tools become
    tape effects. Outside a tape run the agents behave exactly as before.
    """
    seen: set[int] = set()
    pending = [agent]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current.model, Model):
            current.model = durable_model(current.model, charge=charge)
        make_durable_tools(current.tools)
        pending.extend(_targets(current))
    return agent


def durable_config(run_config: RunConfig | None, *, charge: Charge | None = None) -> RunConfig:
    """``run_config`` (or a new one) with a :class:`TapeModelProvider` around its provider,
    and its run-wide model, if it names an instance, wrapped too."""
    config = run_config if run_config is not None else RunConfig()
    provider = config.model_provider
    if not isinstance(provider, TapeModelProvider):
        provider = TapeModelProvider(provider, charge=charge)
    model = config.model
    if isinstance(model, Model) and not isinstance(model, TapeModel):
        model = durable_model(model, charge=charge)
    return dataclasses.replace(config, model_provider=provider, model=model)


async def arun(
    agent: Agent[Any],
    input: Any,
    *,
    run_config: RunConfig | None = None,
    charge: Charge | None = None,
    **options: Any,
) -> RunResult:
    """``await Runner.run(agent, input, ...)`` made durable, inside a tape run.

    Raises:
        NotInRun: outside a tape agent run.
    """
    core.require_run(FRAMEWORK)
    durable(agent, charge=charge)
    config = durable_config(run_config, charge=charge)
    return await Runner.run(agent, input, run_config=config, **options)


def run(
    agent: Agent[Any],
    input: Any,
    *,
    run_config: RunConfig | None = None,
    charge: Charge | None = None,
    **options: Any,
) -> RunResult:
    """``Runner.run(agent, input, ...)`` made durable, from a sync ``@tape.agent`` body;
    ``options`` (``context=``, ``max_turns=``, ``hooks=``, ...) go to ``Runner.run``.

    Raises:
        NotInRun: outside a tape agent run.
    """
    core.require_run(FRAMEWORK)
    return core.run_coroutine(arun(agent, input, run_config=run_config, charge=charge, **options))


def result_json(result: RunResult) -> dict[str, Any]:
    """What a :func:`durable_runner` run ends with: the final output and the last agent."""
    return {"final_output": jsonable(result.final_output), "last_agent": result.last_agent.name}


def durable_runner(
    agent: Agent[Any],
    *,
    name: str | None = None,
    lease_ttl_ms: int | None = None,
    budget: Budget | None = None,
    run_config: RunConfig | None = None,
    charge: Charge | None = None,
    **options: Any,
) -> TapeAgent[Any]:
    """A tape agent (``@tape.agent``) that runs ``agent`` with the SDK's ``Runner.run``.

    Start it with ``.delay(input="...")``; the tape run ends TERMINAL with
    ``{"final_output": ..., "last_agent": ...}``. ``name`` defaults to the agent's name.
    """

    def body(ctx: RunContext, input: Any) -> dict[str, Any]:
        return result_json(run(agent, input, run_config=run_config, charge=charge, **options))

    body.__name__ = body.__qualname__ = name or agent.name
    body.__doc__ = f"The OpenAI Agents SDK agent {agent.name!r}, run durably."
    return tape_agent(name or agent.name, lease_ttl_ms=lease_ttl_ms, budget=budget)(body)
