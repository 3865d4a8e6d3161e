"""A treasury agent: asks a (scripted) model what to do, wires money once, reports.

``wire_money`` is a non-idempotent outbox tool: calling it inside a run journals the intent
PENDING+OUTBOX, the outbox dispatcher POSTs it to the bank exactly once through the
``bank.wire`` connector, and the run waits (parked, no worker blocked) for the result. A run
re-driven after a crash gets the recorded result back instead of wiring again.

The bank is a local fake (``tape dev`` starts one and sets ``TAPE_BANK_URL``). The model is a
:class:`~tape.llm.ScriptedModel`, scripted per run: each run's first decision gets the first
answer, also when the run is re-driven in another worker process.
"""

from __future__ import annotations

import os
from typing import Any

import tape
from tape import connectors
from tape.connectors.http import HTTPConnector
from tape.llm import ScriptedModel

BANK_URL = os.environ.get("TAPE_BANK_URL", "http://127.0.0.1:8765").rstrip("/")

connectors.register(
    HTTPConnector(
        name="bank.wire",
        endpoint=f"{BANK_URL}/wires",
        observe_endpoint=f"{BANK_URL}/wires/lookup",
        compensate_endpoint=f"{BANK_URL}/wires/reverse",
        timeout_s=5.0,
    )
)


@tape.outbox_tool(
    connector="bank.wire",
    semantics="non_idempotent",
    # One wire per invoice: a second run paying the same invoice gets the first one's receipt.
    business_key=lambda account, reference, **_: f"{account}:{reference}",
)
def wire_money(account: str, amount: int, date: str, reference: str) -> dict[str, Any]:
    """Wire ``amount`` to ``account`` on ``date`` for invoice ``reference`` (the intent the
    dispatcher sends)."""
    return {"account": account, "amount": amount, "date": date, "reference": reference}


def _model(invoice: str, account: str, amount: int, date: str) -> ScriptedModel:
    return ScriptedModel(
        responses=[
            {
                "tool": "wire_money",
                "arguments": {
                    "account": account,
                    "amount": amount,
                    "date": date,
                    "reference": invoice,
                },
            },
            {"content": f"Paid {invoice}: wired {amount} to {account} on {date}."},
        ],
        name="scripted-treasurer",
    )


@tape.agent(name="pay_invoice")
def pay_invoice(
    ctx: tape.RunContext, invoice: str, account: str, amount: int, date: str
) -> dict[str, Any]:
    """Pay one invoice: one model decision, one wire, one closing decision."""
    model = _model(invoice, account, amount, date)
    task = {"role": "user", "content": f"Pay invoice {invoice}: {amount} to {account}."}
    decision = ctx.decide(model, {"messages": [task]})
    receipt: Any = None
    if decision.get("tool") == "wire_money":
        receipt = wire_money(**decision["arguments"])
    result = {"role": "tool", "name": "wire_money", "content": receipt}
    final = ctx.decide(model, {"messages": [task, decision, result]})
    return {"answer": final.get("content", ""), "receipt": receipt}


#: What ``tape dev --kill-resume-demo`` triggers the agent with (``{demo_run}``: a fresh id per
#: demo run, so every demo pays a new invoice).
DEMO_INPUTS: dict[str, Any] = {
    "invoice": "INV-42-{demo_run}",
    "account": "ACME-001",
    "amount": 1250,
    "date": "2025-01-31",
}
