"""An OpenAI Agents SDK triage → treasurer graph, run durably by tape (see README.md)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from agents import Agent, RunConfig
from agents.models.interface import Model

import tape
from tape import connectors
from tape.connectors.http import HTTPConnector
from tape.integrations import openai_agents as tape_oai

BANK_URL = os.environ.get("BANK_URL", "http://127.0.0.1:8765").rstrip("/")
connectors.register(
    HTTPConnector(
        name="bank.wire",
        endpoint=f"{BANK_URL}/wires",
        observe_endpoint=f"{BANK_URL}/wires/lookup",
        compensate_endpoint=f"{BANK_URL}/wires/reverse",
    )
)


@tape.outbox_tool(
    connector="bank.wire",
    semantics="non_idempotent",
    business_key=lambda account, reference, **_: f"{account}:{reference}",
)
def wire_money(account: str, amount: int, reference: str) -> dict[str, Any]:
    """Wire ``amount`` to ``account`` for invoice ``reference``."""
    return {"account": account, "amount": amount, "reference": reference}


#: Where scripted models keep their position (a re-driven run may land in another process).
SCRIPT_STATE = Path(os.environ.get("SCRIPT_STATE_DIR", tempfile.gettempdir()))


def _model(steps: list[Any], counter: Path) -> str | Model:
    """A real model when there is a key, else a scripted one."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("OPENAI_MODEL", "gpt-4.1-mini")
    return tape_oai.ScriptedModel(steps, counter_path=counter)


def agents_for(run_id: str) -> Agent[Any]:
    wire = {"account": "ACME-001", "amount": 250, "reference": "INV-7"}
    treasurer = Agent(
        name="treasurer",
        instructions="Pay the invoice the user names, exactly once, with wire_money.",
        model=_model([[("wire_money", wire)], "Paid INV-7."], SCRIPT_STATE / f"{run_id}.treasurer"),
        tools=[tape_oai.function_tool(wire_money)],
    )
    return Agent(
        name="triage",
        instructions="Hand invoice payments to the treasurer.",
        model=_model([[("transfer_to_treasurer", {})]], SCRIPT_STATE / f"{run_id}.triage"),
        handoffs=[treasurer],
    )


@tape.agent(name="triage_and_pay", budget=tape.Budget(token_cap=50_000))
def triage_and_pay(ctx: tape.RunContext, request: str) -> dict[str, Any]:
    result = tape_oai.run(
        agents_for(ctx.run_id), request, run_config=RunConfig(workflow_name="triage_and_pay")
    )
    return tape_oai.result_json(result)


if __name__ == "__main__":
    handle = triage_and_pay.delay(request=" ".join(sys.argv[1:]) or "pay invoice INV-7")
    print(handle.wait(timeout=120).detail)
