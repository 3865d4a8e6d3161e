"""Google ADK agents for real worker processes: ``TAPE_IMPORTS=tests.support.adk_app``.

Every app is a :func:`tape.adk.durable_app` around an ``LlmAgent`` whose model is a
:class:`tape.adk.ScriptedLlm` counting its calls per run in ``ADK_CALLS_DIR``. The message a
run is started with names the invoice (``pay <reference>``), so every run wires its own.

- ``adk_kill_before`` / ``adk_kill_begun`` / ``adk_kill_done``: ask the model, wire with the
  non-idempotent outbox tool ``wire_before`` / ``wire_begun`` / ``wire_done`` (connector
  ``bank.wire``, business key ``<account>:<reference>``), ask the model again. A worker started
  with ``TAPE_CRASH_AT=before_tool:wire_before,after_begin_effect:wire_begun,...`` dies at a
  different point in each.
- ``adk_acklost``: the same with ``wire_acked`` (the test makes the bank lose its ack).
- ``adk_gate``: the model asks for the ``cfo-approval`` gate, then answers with what it got.

The run lease is ``AGENT_LEASE_MS`` (default 3000), so a killed worker's run is re-driven soon.
"""

from __future__ import annotations

import json
import os
from typing import Any

from google.adk.agents import LlmAgent
from google.adk.models.llm_request import LlmRequest
from google.adk.models.llm_response import LlmResponse

import tape
from tape.adk import DurableRunner, ScriptedLlm, durable_app, gate_tool
from tape.integrations.adk import scripted

LEASE_MS = int(os.environ.get("AGENT_LEASE_MS", "3000"))
CALLS_DIR = os.environ.get("ADK_CALLS_DIR") or None
ACCOUNT = "acc-adk"


def reference_of(request: LlmRequest) -> str:
    return scripted.user_text(request).split()[-1]


def last_tool_result(request: LlmRequest) -> Any:
    for content in reversed(request.contents):
        for part in content.parts or []:
            if part.function_response is not None:
                return part.function_response.response
    return None


def answer(request: LlmRequest) -> LlmResponse:
    return scripted.text(f"done: {json.dumps(last_tool_result(request), sort_keys=True)}")


def wire_tool(name: str) -> Any:
    def wire(account: str, amount: int, reference: str) -> dict[str, Any]:
        """Wire ``amount`` to ``account`` for invoice ``reference``."""
        return {"account": account, "amount": amount, "reference": reference}

    wire.__name__ = wire.__qualname__ = name
    return tape.outbox_tool(
        connector="bank.wire",
        semantics="non_idempotent",
        business_key=lambda account, reference, **_: f"{account}:{reference}",
    )(wire)


def wiring_app(app_name: str, tool_name: str) -> DurableRunner:
    def plan(request: LlmRequest) -> LlmResponse:
        reference = reference_of(request)
        return scripted.call(tool_name, account=ACCOUNT, amount=250, reference=reference)

    model = ScriptedLlm(turns=[plan, answer], calls_dir=CALLS_DIR)
    agent = LlmAgent(name="treasurer", model=model, tools=[wire_tool(tool_name)])
    _, runner = durable_app(app_name, agent, lease_ttl_ms=LEASE_MS)
    return runner


kill_before = wiring_app("adk_kill_before", "wire_before")
kill_begun = wiring_app("adk_kill_begun", "wire_begun")
kill_done = wiring_app("adk_kill_done", "wire_done")
acklost = wiring_app("adk_acklost", "wire_acked")

_gate_model = ScriptedLlm(turns=[scripted.call("await_cfo_approval"), answer], calls_dir=CALLS_DIR)
_, gated = durable_app(
    "adk_gate",
    LlmAgent(name="approver", model=_gate_model, tools=[gate_tool("cfo-approval")]),
    lease_ttl_ms=LEASE_MS,
)
