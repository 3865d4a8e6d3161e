"""LangGraph and Pydantic AI agents for real worker processes:
``TAPE_IMPORTS=tests.support.worker_connectors,tests.support.framework_agents``.

``lg_treasury`` (a ``create_agent`` agent with :class:`TapeMiddleware`), ``lg_graph_treasury``
(a plain ``StateGraph``: ``invoke_model`` in its model node, ``tool_node`` for its tools) and
``pa_treasury`` (a Pydantic AI agent with :class:`TapeDurability`) run the same scripted
scenarios, chosen by the run's inputs:

- ``wire``: the model asks for one ``wire_money`` (non-idempotent outbox tool, ``bank.wire``),
  then answers;
- ``parallel``: the model asks for three ``quote`` calls in one turn (an inline ``@tape.effect``
  whose body executions are counted in files under ``count_dir``), then answers;
- ``budget``: like ``parallel`` but the run's token cap admits only the first model call.

Model calls are counted across processes in ``<count_dir>/<run>.model``. ``crash_at`` (a
``TAPE_CRASH_AT`` spec) is set for this run only, with a crash-once file per run, so one shared
worker can SIGKILL each run at its own point: each attempt installs its own
``tape.agents.crash.CrashInjector`` as a tool hook, and a prefork child runs one agent at a
time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, TypedDict

from langchain.agents import create_agent
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from pydantic_ai import Agent as PydanticAgent
from pydantic_ai.messages import ModelRequest, ToolReturnPart

import tape
from tape import hooks
from tape.agents import crash
from tape.integrations import core
from tape.integrations.langgraph import (
    ScriptedChatModel,
    TapeMiddleware,
    invoke_model,
    tool_node,
)
from tape.integrations.langgraph import tool as lc_tool
from tape.integrations.pydantic_ai import TapeDurability, scripted_model
from tape.llm.scripted import ScriptedModel

LEASE_MS = int(os.environ.get("AGENT_LEASE_MS", "9000"))
CURRENCIES = ("EUR", "USD", "GBP")


@tape.outbox_tool(
    connector="bank.wire",
    semantics="non_idempotent",
    business_key=lambda account, reference, **_: f"{account}:{reference}",
)
def wire_money(account: str, amount: int, reference: str) -> dict[str, Any]:
    """Wire ``amount`` to ``account`` for invoice ``reference``."""
    return {"account": account, "amount": amount, "reference": reference}


@tape.effect()
def quote(currency: str, count_dir: str) -> dict[str, Any]:
    """The exchange rate of ``currency`` (the body's runs are counted per idempotency key, in
    ``<count_dir>/<key with / as _>.body``)."""
    counter = Path(count_dir) / (tape.current_effect_key().replace("/", "_") + ".body")
    ScriptedModel([{}], counter_path=counter)._next_position()
    return {"currency": currency, "rate": len(currency) * 1.1}


def script(scenario: str, account: str, count_dir: str, run_id: str) -> list[dict[str, Any]]:
    if scenario == "wire":
        wire = {"account": account, "amount": 250, "reference": f"INV-{run_id[:8]}"}
        return [
            {"tool_calls": [{"name": "wire_money", "args": wire}]},
            {"content": f"wired 250 to {account}"},
        ]
    quotes = [
        {"name": "quote", "args": {"currency": c, "count_dir": count_dir}} for c in CURRENCIES
    ]
    return [{"tool_calls": quotes}, {"content": "quoted"}]


#: The crash injector armed for the attempt this process runs now (one at a time).
_ARMED: list[crash.CrashInjector] = []


def _prepare(ctx: tape.RunContext, crash_at: str, count_dir: str, token_cap: int) -> str:
    for injector in _ARMED:
        hooks.remove(injector)
    _ARMED.clear()
    if crash_at:
        once = str(Path(count_dir) / f"{ctx.run_id}.crashed")
        _ARMED.append(crash.CrashInjector(crash_at, once))
        hooks.add(_ARMED[0])
    if token_cap:
        ctx.set_budget(token_cap=token_cap)
    return str(Path(count_dir) / f"{ctx.run_id}.model")


@tape.agent(name="lg_treasury", lease_ttl_ms=LEASE_MS)
def lg_treasury(
    ctx: tape.RunContext,
    scenario: str,
    account: str,
    count_dir: str,
    crash_at: str = "",
    token_cap: int = 0,
) -> dict[str, Any]:
    counter = _prepare(ctx, crash_at, count_dir, token_cap)
    model = ScriptedChatModel(
        responses=script(scenario, account, count_dir, ctx.run_id), counter_path=counter
    )
    agent = create_agent(model, tools=[wire_money, quote], middleware=[TapeMiddleware()])
    out = agent.invoke({"messages": [{"role": "user", "content": f"{scenario} for {account}"}]})
    messages = out["messages"]
    return {
        "answer": messages[-1].content,
        "tool_results": [m.content for m in messages if isinstance(m, ToolMessage)],
    }


@tape.agent(name="pa_treasury", lease_ttl_ms=LEASE_MS)
def pa_treasury(
    ctx: tape.RunContext,
    scenario: str,
    account: str,
    count_dir: str,
    crash_at: str = "",
    token_cap: int = 0,
) -> dict[str, Any]:
    counter = _prepare(ctx, crash_at, count_dir, token_cap)
    model = scripted_model(script(scenario, account, count_dir, ctx.run_id), counter_path=counter)
    agent = PydanticAgent(model, tools=[wire_money, quote], capabilities=[TapeDurability()])
    result = core.run_coroutine(agent.run(f"{scenario} for {account}"))
    returns = [
        part.content
        for message in result.all_messages()
        if isinstance(message, ModelRequest)
        for part in message.parts
        if isinstance(part, ToolReturnPart)
    ]
    return {"answer": result.output, "tool_results": returns}


class GraphState(TypedDict):
    messages: Annotated[list[AnyMessage], add_messages]


def _graph(model: ScriptedChatModel) -> Any:
    """A plain ``StateGraph``: a model node (``invoke_model``) and a ``tool_node``."""
    tools = [wire_money, quote]
    bound = model.bind_tools([lc_tool(t) for t in tools])

    def call_model(state: GraphState) -> dict[str, Any]:
        return {"messages": [invoke_model(bound, state["messages"], tools=tools)]}

    def route(state: GraphState) -> str:
        last = state["messages"][-1]
        return "tools" if isinstance(last, AIMessage) and last.tool_calls else END

    graph = StateGraph(GraphState)
    graph.add_node("model", call_model)
    graph.add_node("tools", tool_node(tools))
    graph.add_edge(START, "model")
    graph.add_conditional_edges("model", route, ["tools", END])
    graph.add_edge("tools", "model")
    return graph.compile()


@tape.agent(name="lg_graph_treasury", lease_ttl_ms=LEASE_MS)
def lg_graph_treasury(
    ctx: tape.RunContext,
    scenario: str,
    account: str,
    count_dir: str,
    crash_at: str = "",
    token_cap: int = 0,
) -> dict[str, Any]:
    counter = _prepare(ctx, crash_at, count_dir, token_cap)
    model = ScriptedChatModel(
        responses=script(scenario, account, count_dir, ctx.run_id), counter_path=counter
    )
    out = _graph(model).invoke({"messages": [HumanMessage(f"{scenario} for {account}")]})
    messages = out["messages"]
    return {
        "answer": messages[-1].content,
        "tool_results": [m.content for m in messages if isinstance(m, ToolMessage)],
    }
