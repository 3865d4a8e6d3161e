"""Imported by the soak's workers (``TAPE_IMPORTS=...,soak.agents``): its agents, their tools
and inverses, the reaction on confirmed effects, and the status check of the remote wires.

Three agents run one script each, under a real ``celery -A tape worker``: ``soak_native``
(``@tape.agent`` and ``ctx.decide``), ``soak_pydantic`` (a Pydantic AI agent with
``TapeDurability``) and ``soak_langgraph`` (a LangGraph ``create_agent`` agent with
``TapeMiddleware``). Each run:

1. parks on the gate ``soak-approval`` until the soak answers it with ``tape signal``;
2. asks its scripted model three times: ``reserve`` (an inline effect whose inverse is
   ``release``), ``agent_wire`` (a NON_IDEMPOTENT outbox effect through the soak's faulty bank,
   connector ``soak.bank``, business key ``<account>:<reference>``, inverse ``reverse_wire``:
   a reversal at the bank), then the answer;
3. when its input says ``refuse``, fails after the wire and is undone: ``undo="saga"`` runs
   ``tape.compensate_run`` in the worker (a killed saga is finished by the compensation pass),
   ``undo="pass"`` moves the run to COMPENSATING and leaves the inverses to the pass.

What the verdict counts is appended, one line per event, to files under ``SOAK_COUNT_DIR``
(``O_APPEND`` lines, so every worker process writes the same files; a restarted Redis would
lose counters kept there): ``model-calls`` (the decision key of every model call),
``reactions`` (the journal row of every reaction handler call), ``releases`` (the effect key
of every ``release``). Reversals are counted by the bank itself.
"""

from __future__ import annotations

import os
from typing import Any

import requests
from langchain.agents import create_agent
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from pydantic_ai import Agent as PydanticAgent
from pydantic_ai.messages import ModelMessage, ModelResponse
from pydantic_ai.models.function import AgentInfo, FunctionModel

import tape
from tape import registry
from tape.integrations import core
from tape.integrations.langgraph import ScriptedChatModel, TapeMiddleware
from tape.integrations.pydantic_ai import ScriptedModel as PydanticScripted
from tape.integrations.pydantic_ai import TapeDurability
from tape.records import EffectRecord

#: The gate every run parks on, answered by the soak with ``tape signal``.
GATE = "soak-approval"
AGENTS = ("soak_native", "soak_pydantic", "soak_langgraph")
#: Inverse kinds are ``module:qualname`` (docs/agents.md): the verdict tells them apart so.
RELEASE_KIND = f"{__name__}:release"
REVERSE_KIND = f"{__name__}:reverse_wire"
LEASE_MS = int(os.environ.get("SOAK_AGENT_LEASE_MS", "10000"))
_COUNT_DIR = os.environ.get("SOAK_COUNT_DIR", "")
_BANK = os.environ.get("SOAK_UPSTREAM_URL", "")
_TIMEOUT_S = float(os.environ.get("SOAK_HTTP_TIMEOUT_S", "2"))


def append(name: str, line: str) -> None:
    """One line to ``$SOAK_COUNT_DIR/<name>`` (one ``write`` on an ``O_APPEND`` file)."""
    if not _COUNT_DIR:
        return
    fd = os.open(os.path.join(_COUNT_DIR, name), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def count_model_call() -> None:
    append("model-calls", tape.current_decision_key() or "outside-a-decision")


# ---- tools and their inverses -----------------------------------------------------------


def release(account: str, reference: str, key: str, **_: Any) -> dict[str, Any]:
    """The inverse of ``reserve`` (payload: its arguments and result)."""
    append("releases", key)
    return {"released": reference}


@tape.effect(compensate=release)
def reserve(account: str, reference: str) -> dict[str, Any]:
    """Reserve the funds for invoice ``reference`` (inline, idempotent)."""
    return {"reserved": reference, "key": tape.current_effect_key()}


def reverse_wire(external_ref: str = "", **_: Any) -> dict[str, Any]:
    """The inverse of ``agent_wire`` (payload: the bank's answer): a reversal at the bank,
    under an Idempotency-Key of its own so a retried inverse names the same reversal."""
    if not external_ref:
        raise RuntimeError("no external_ref to reverse")
    reply = requests.post(
        f"{_BANK}/wires/reverse",
        json={"external_ref": external_ref},
        headers={"Idempotency-Key": f"reverse:{external_ref}"},
        timeout=_TIMEOUT_S,
    )
    reply.raise_for_status()
    return dict(reply.json())


@tape.outbox_tool(
    connector="soak.bank",
    semantics="non_idempotent",
    business_key=lambda account, reference, **_: f"{account}:{reference}",
    compensate=reverse_wire,
)
def agent_wire(account: str, amount: int, reference: str) -> dict[str, Any]:
    """Wire ``amount`` to ``account`` for invoice ``reference``."""
    return {"account": account, "amount": amount, "reference": reference}


def script(account: str, amount: int, reference: str) -> list[dict[str, Any]]:
    """What every agent's model answers, turn by turn."""
    return [
        {"tool_calls": [{"name": "reserve", "args": {"account": account, "reference": reference}}]},
        {
            "tool_calls": [
                {
                    "name": "agent_wire",
                    "args": {"account": account, "amount": amount, "reference": reference},
                }
            ]
        },
        {"content": f"wired {amount} to {account}"},
    ]


def finish(ctx: tape.RunContext, refuse: bool, undo: str, answer: str) -> dict[str, Any]:
    """The run's end: its answer, or, refused after the wire, the run undone."""
    if refuse and undo == "saga":
        tape.compensate_run(ctx.journal, ctx.run_id)
    elif refuse:
        ctx.journal.end_run(
            run_id=ctx.run_id,
            status=tape.RunStatus.COMPENSATING,
            detail_json={"reason": "refused after the wire"},
            lease_epoch=ctx.lease_epoch,
        )
    return {"answer": answer}


# ---- the three agents -------------------------------------------------------------------


class NativeModel:
    """``ctx.decide``'s model: answers the script at the decision's position."""

    name = "soak-scripted"

    def __init__(self, turns: list[dict[str, Any]]) -> None:
        self.turns = turns

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        count_model_call()
        position = int(tape.current_decision_key().rsplit("-", 1)[-1])
        return dict(self.turns[min(position, len(self.turns) - 1)])


@tape.agent(name="soak_native", lease_ttl_ms=LEASE_MS)
def soak_native(
    ctx: tape.RunContext, account: str, amount: int, reference: str, refuse: bool, undo: str
) -> dict[str, Any]:
    tape.gate(GATE, {"reference": reference})
    model = NativeModel(script(account, amount, reference))
    messages: list[dict[str, Any]] = [{"role": "user", "content": f"pay {reference}"}]
    while True:
        turn = ctx.decide(model, {"messages": messages})
        if not turn.get("tool_calls"):
            return finish(ctx, refuse, undo, turn["content"])
        for call in turn["tool_calls"]:
            tool = reserve if call["name"] == "reserve" else agent_wire
            messages.append({"role": "tool", "content": str(tool(**call["args"]))})


class CountedChatModel(ScriptedChatModel):
    """tape's scripted LangChain model, counting each call under its decision key."""

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        count_model_call()
        return super()._generate(messages, stop, run_manager, **kwargs)


@tape.agent(name="soak_langgraph", lease_ttl_ms=LEASE_MS, tools=[reserve, agent_wire])
def soak_langgraph(
    ctx: tape.RunContext, account: str, amount: int, reference: str, refuse: bool, undo: str
) -> dict[str, Any]:
    tape.gate(GATE, {"reference": reference})
    model = CountedChatModel(responses=script(account, amount, reference))
    agent = create_agent(model, tools=[reserve, agent_wire], middleware=[TapeMiddleware()])
    out = agent.invoke({"messages": [{"role": "user", "content": f"pay {reference}"}]})
    return finish(ctx, refuse, undo, str(out["messages"][-1].content))


def counted_pydantic_model(turns: list[dict[str, Any]]) -> FunctionModel:
    """tape's scripted Pydantic AI model, counting each call under its decision key."""
    answer = PydanticScripted(turns).function
    assert answer is not None

    def counted(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        count_model_call()
        return answer(messages, info)  # type: ignore[return-value]

    return FunctionModel(counted, model_name="soak-scripted")


@tape.agent(name="soak_pydantic", lease_ttl_ms=LEASE_MS, tools=[reserve, agent_wire])
def soak_pydantic(
    ctx: tape.RunContext, account: str, amount: int, reference: str, refuse: bool, undo: str
) -> dict[str, Any]:
    tape.gate(GATE, {"reference": reference})
    model = counted_pydantic_model(script(account, amount, reference))
    agent = PydanticAgent(model, tools=[reserve, agent_wire], capabilities=[TapeDurability()])
    result = core.run_coroutine(agent.run(f"pay {reference}"))
    return finish(ctx, refuse, undo, str(result.output))


# ---- the event bus: a TASK reaction on every confirmed effect ---------------------------


@tape.on_effect_confirmed("*", name="soak_confirmed", max_concurrency=8)
def soak_confirmed(envelope: tape.Envelope) -> None:
    append("reactions", f"{envelope.source_global_seq} {envelope.task_id}")


# ---- the remote wires: the workers never send them, but their reconciler looks ----------


def remote_wire_status(effect: EffectRecord) -> dict[str, Any]:
    """Did the remote dispatcher's wire land? Asked at the bank by its business key."""
    reply = requests.get(
        f"{_BANK}/wires/lookup", params={"key": effect.business_key}, timeout=_TIMEOUT_S
    )
    reply.raise_for_status()
    found = reply.json()
    return {"status": found["status"], "count": found["count"], "result": found}


registry.register_status_check("remote_wire", remote_wire_status)
