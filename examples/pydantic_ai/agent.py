"""A Pydantic AI agent made durable by tape: one capability.

Run it on a worker (``TAPE_IMPORTS=agent`` with this folder on ``PYTHONPATH``, Postgres + Redis
or ``tape dev --app agent:pay_invoice``), then ``pay_invoice.delay(invoice=..., account=...)``.
Swap ``scripted_model`` for a real model (``"openai:gpt-4.1"``): nothing else changes.
``wire_money`` is a non-idempotent outbox tool: it is sent once by tape's dispatcher (connector
``bank.wire``), never run inline, and a re-driven run gets its recorded receipt back.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic_ai import Agent

import tape
from tape import connectors
from tape.connectors.http import HTTPConnector
from tape.integrations.core import run_coroutine
from tape.integrations.pydantic_ai import TapeDurability, scripted_model

BANK_URL = os.environ.get("TAPE_BANK_URL", "http://127.0.0.1:8765").rstrip("/")
connectors.register(
    HTTPConnector(
        name="bank.wire", endpoint=f"{BANK_URL}/wires", observe_endpoint=f"{BANK_URL}/wires/lookup"
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


def rate(currency: str) -> str:
    """A plain tool: journaled too (an inline idempotent effect), replayed after a crash."""
    return f"1 {currency} = 1.1 EUR"


@tape.agent(name="pay_invoice")
def pay_invoice(ctx: tape.RunContext, invoice: str, account: str) -> str:
    wire = {"account": account, "amount": 1250, "reference": invoice}
    model = scripted_model(
        [{"tool_calls": [{"name": "wire_money", "args": wire}]}, {"content": f"Paid {invoice}."}]
    )
    agent = Agent(model, tools=[wire_money, rate], capabilities=[TapeDurability()])
    return run_coroutine(agent.run(f"Pay {invoice}")).output


#: What ``tape dev --kill-resume-demo --app agent:<agent>`` triggers it with (``{demo_run}``: a
#: fresh id per demo run).
DEMO_INPUTS: dict[str, Any] = {"invoice": "INV-{demo_run}", "account": "ACME-001"}
