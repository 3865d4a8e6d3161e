"""An ADK app with an ``AgentTool`` sub-agent run as a child run, for real workers
(``TAPE_IMPORTS=tests.support.adk_child_app``).

``adk_boss`` (an ``LlmAgent``) asks its sub-agent ``payer`` (through
:class:`tape.adk.ChildAgentTool`) to ``pay <reference>``; ``payer`` wires money with the
non-idempotent outbox tool ``wire_sub`` (``bank.wire``, business key
``<account>:<reference>``) and answers. Both models are scripted (calls counted per run in
``ADK_CALLS_DIR``); the lease is ``AGENT_LEASE_MS`` (default 3000).
"""

from __future__ import annotations

from google.adk.agents import LlmAgent
from google.adk.models.llm_request import LlmRequest
from google.adk.models.llm_response import LlmResponse

from tape.adk import ChildAgentTool, ScriptedLlm, durable_app
from tape.integrations.adk import scripted
from tests.support.adk_app import ACCOUNT, CALLS_DIR, LEASE_MS, answer, reference_of, wire_tool


def _pay(request: LlmRequest) -> LlmResponse:
    return scripted.call("wire_sub", account=ACCOUNT, amount=75, reference=reference_of(request))


def _delegate(request: LlmRequest) -> LlmResponse:
    return scripted.call("payer", request=f"pay {reference_of(request)}")


payer = LlmAgent(
    name="payer",
    description="Pays one invoice.",
    model=ScriptedLlm(turns=[_pay, answer], calls_dir=CALLS_DIR),
    tools=[wire_tool("wire_sub")],
)
boss_agent = LlmAgent(
    name="boss",
    model=ScriptedLlm(turns=[_delegate, answer], calls_dir=CALLS_DIR),
    tools=[ChildAgentTool(payer, app_name="adk_payer", lease_ttl_ms=LEASE_MS)],
)
_, boss = durable_app("adk_boss", boss_agent, lease_ttl_ms=LEASE_MS)
