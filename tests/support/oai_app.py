"""An OpenAI Agents SDK agent for real worker processes: ``TAPE_IMPORTS=tests.support.oai_app``.

The tape agent ``oai_treasury`` runs an SDK ``Agent`` (``treasurer``) with ``Runner.run`` through
:func:`tape.integrations.openai_agents.run`. Its scripted model (one per run, calls counted across
processes in the ``counter`` file) first asks for one ``wire_money`` call per reference, all in
one turn, then answers. ``wire_money`` is a non-idempotent ``@tape.outbox_tool`` on the
``bank.wire`` connector (``tests.support.worker_connectors``). With ``triage=True`` the run starts
at a ``triage`` agent whose model hands off to the treasurer (its tools are a handoff target's).

``crash_at`` (``<point>:wire_money``) arms the crash hook for this run only: the pool process
SIGKILLs itself there once (``crash_file`` is the crash-once marker), so one worker serves
every kill point. Its run lease is ``AGENT_LEASE_MS`` (default 9000).

At import (in the worker's main process, before it forks its pool) one throwaway SDK run warms
the SDK's lazy imports and schema caches, so no agent attempt spends its first seconds there.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from typing import Any

from agents import Agent, RunConfig, Runner, function_tool

import tape
from tape.agents import crash
from tape.integrations import openai_agents as tape_oai


@tape.outbox_tool(
    connector="bank.wire",
    semantics="non_idempotent",
    business_key=lambda account, reference, **_: f"{account}:{reference}",
)
def wire_money(account: str, amount: int, reference: str) -> dict[str, Any]:
    """Wire ``amount`` to ``account`` for invoice ``reference``."""
    return {"account": account, "amount": amount, "reference": reference}


WIRE = tape_oai.function_tool(wire_money)


def _note(crash_file: str, event: str) -> None:
    with open(crash_file + ".attempts", "a") as attempts:
        attempts.write(f"{os.getpid()} {event}\n")


@contextlib.contextmanager
def armed(crash_at: str, crash_file: str) -> Iterator[None]:
    """``TAPE_CRASH_AT`` armed for this attempt only (a pool process serves other runs next).

    Each attempt notes ``<pid> start`` / ``<pid> end`` in ``<crash_file>.attempts``: the one
    with no end is the process the hook killed.
    """
    if not crash_at:
        yield
        return
    _note(crash_file, "start")
    try:
        with crash.armed(crash_at, crash_file):
            yield
    finally:
        _note(crash_file, "end")


def treasurer(references: list[str], counter: str) -> Agent[Any]:
    calls = [
        ("wire_money", {"account": "acc-1", "amount": 250, "reference": reference})
        for reference in references
    ]
    model = tape_oai.ScriptedModel(
        [calls, f"wired 250 for {', '.join(references)}"], counter_path=counter
    )
    return Agent(name="treasurer", instructions="Pay invoices.", model=model, tools=[WIRE])


@tape.agent(name="oai_treasury", lease_ttl_ms=int(os.environ.get("AGENT_LEASE_MS", "9000")))
def oai_treasury(
    ctx: tape.RunContext,
    references: list[str],
    counter: str,
    crash_at: str = "",
    crash_file: str = "",
    triage: bool = False,
) -> dict[str, Any]:
    start = bot = treasurer(references, counter)
    if triage:
        handoff = [("transfer_to_treasurer", {})]
        model = tape_oai.ScriptedModel([handoff], counter_path=counter + ".triage")
        start = Agent(name="triage", model=model, handoffs=[bot])
    with armed(crash_at, crash_file):
        result = tape_oai.run(
            start, "pay the invoices", run_config=RunConfig(tracing_disabled=True)
        )
    return tape_oai.result_json(result)


@function_tool
def _echo(text: str) -> str:
    """Echo ``text``."""
    return text


def _warm_up() -> None:
    """One SDK run outside any tape run (nothing journaled, no network)."""
    model = tape_oai.ScriptedModel([[("_echo", {"text": "hi"})], "ok"])
    bot = tape_oai.durable(Agent(name="warm-up", model=model, tools=[_echo]))
    asyncio.run(Runner.run(bot, "hi", run_config=RunConfig(tracing_disabled=True)))


_warm_up()
