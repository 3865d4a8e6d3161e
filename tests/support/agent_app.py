"""A durable agent for real worker processes: ``TAPE_IMPORTS=tests.support.agent_app``.

The ``treasury`` agent asks a :class:`~tape.llm.ScriptedModel` (calls counted across processes
in ``MODEL_COUNTER``) which wire to send, sends it with the non-idempotent outbox tool
``wire_money`` through the ``bank.wire`` connector (``BANK_URL``, registered by
``tests.support.worker_connectors``), then asks the model once more. Its run lease is
``AGENT_LEASE_MS`` (default 2000), so a killed worker's run is re-driven quickly.
"""

from __future__ import annotations

import json
import os
from typing import Any

import tape

model = tape.ScriptedModel(
    [
        {
            "tool": "wire_money",
            "args": {"account": "acc-1", "amount": 250, "beneficiary": "bob", "date": "2025-01-02"},
            "usage": {"total_tokens": 12},
        },
        {"content": "wired 250 to bob", "usage": {"total_tokens": 7}},
    ],
    counter_path=os.environ.get("MODEL_COUNTER") or None,
)


@tape.outbox_tool(
    connector="bank.wire",
    semantics="non_idempotent",
    business_key=lambda account, amount, date, **_: f"{account}:{amount}:{date}",
)
def wire_money(account: str, amount: int, beneficiary: str, date: str) -> dict[str, Any]:
    return {"account": account, "amount": amount, "beneficiary": beneficiary, "date": date}


@tape.agent(name="treasury", lease_ttl_ms=int(os.environ.get("AGENT_LEASE_MS", "2000")))
def treasury(ctx: tape.RunContext, request: str) -> dict[str, Any]:
    plan = ctx.decide(model, {"messages": [{"role": "user", "content": request}]})
    wire = wire_money(**plan["args"])
    final = ctx.decide(
        model,
        {
            "messages": [
                {"role": "user", "content": request},
                {"role": "tool", "content": json.dumps(wire)},
            ]
        },
    )
    return {"wire": wire, "answer": final["content"]}
