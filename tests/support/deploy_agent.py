"""An agent whose code changes between two deploys, for real worker processes (issue 27,
test 2): ``TAPE_IMPORTS=tests.support.deploy_agent``.

``DEPLOY_AGENT_VERSION`` (``1`` by default) is the deploy: the ``deployer`` agent of version 1
wires 10 with the inline tool ``deploy_wire``, version 2 wires 20 at the same position. Then it
asks a :class:`~tape.llm.ScriptedModel` (calls counted across processes in ``MODEL_COUNTER``)
for its answer. ``deploy_wire`` books the wire at the fake bank (``BANK_URL``, a
:class:`~tape.testing.FakeUpstream`; the body names the run) under the effect's idempotency
key; its inverse ``reverse_deploy_wire`` books a reversal of that wire. The ``deploy-asker``
agent asks the model first, with a prompt version 2 changed, then wires. The run lease is
``AGENT_LEASE_MS`` (default 3000).
"""

from __future__ import annotations

import os
from typing import Any

import requests

import tape

VERSION = os.environ.get("DEPLOY_AGENT_VERSION", "1")
AMOUNT = 10 if VERSION == "1" else 20

model = tape.ScriptedModel(
    [{"content": "done", "usage": {"total_tokens": 5}}],
    name="deploy-model",
    counter_path=os.environ.get("MODEL_COUNTER") or None,
)


def reverse_deploy_wire(**payload: Any) -> dict[str, Any]:
    """Book the reversal of one wire (the compensation payload: arguments + result)."""
    reply = requests.post(
        f"{os.environ['BANK_URL']}/wires/reverse",
        json={"wire_id": payload["wire_id"], "run_id": payload["run_id"]},
        timeout=5,
    )
    reply.raise_for_status()
    return {"reversal_ref": reply.json()["reversal_ref"]}


@tape.effect(compensate=reverse_deploy_wire)
def deploy_wire(amount: int, run_id: str) -> dict[str, Any]:
    """Book a wire of ``amount`` at the bank (it dedupes nothing: tape must call it once)."""
    reply = requests.post(
        f"{os.environ['BANK_URL']}/wires",
        json={"amount": amount, "run_id": run_id},
        headers={"Idempotency-Key": tape.current_effect_key()},
        timeout=5,
    )
    reply.raise_for_status()
    return {"wire_id": reply.json()["external_ref"]}


@tape.agent(name="deploy-asker", lease_ttl_ms=int(os.environ.get("AGENT_LEASE_MS", "3000")))
def deploy_asker(ctx: tape.RunContext) -> dict[str, Any]:
    """Asks the model first (a prompt that changed between the deploys), then wires."""
    prompt = "pay the invoice" if VERSION == "1" else "pay the invoice twice"
    plan = ctx.decide(model, {"messages": [{"role": "user", "content": prompt}]})
    receipt = deploy_wire(amount=AMOUNT, run_id=ctx.run_id)
    return {"version": VERSION, "plan": plan["content"], "receipt": receipt}


@tape.agent(name="deployer", lease_ttl_ms=int(os.environ.get("AGENT_LEASE_MS", "3000")))
def deployer(ctx: tape.RunContext) -> dict[str, Any]:
    receipt = deploy_wire(amount=AMOUNT, run_id=ctx.run_id)
    answer = ctx.decide(model, {"messages": [{"role": "user", "content": f"paid {AMOUNT}?"}]})
    return {"version": VERSION, "paid": AMOUNT, "receipt": receipt, "answer": answer["content"]}
