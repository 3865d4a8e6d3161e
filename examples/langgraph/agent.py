"""A LangGraph agent made durable by tape: both ways in (``create_agent``, a plain graph).

Run it on a worker (``TAPE_IMPORTS=agent`` with this folder on ``PYTHONPATH``, Postgres + Redis
or ``tape dev --app agent:pay_invoice``), then ``pay_invoice.delay(invoice=..., account=...)``.
Swap ``ScriptedChatModel`` for a real chat model (``init_chat_model("openai:gpt-4.1")``): nothing
else changes. ``wire_money`` is a non-idempotent outbox tool: it is sent once by tape's
dispatcher (connector ``bank.wire``), never run inline, and a re-driven run gets its recorded
receipt back.
"""

from __future__ import annotations

import os
from typing import Annotated, Any, TypedDict

from langchain.agents import create_agent
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages

import tape
from tape import connectors
from tape.connectors.http import HTTPConnector
from tape.integrations.langgraph import (
    ScriptedChatModel,
    TapeMiddleware,
    invoke_model,
    tool,
    tool_node,
)

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


def model(invoice: str, account: str) -> ScriptedChatModel:
    wire = {"account": account, "amount": 1250, "reference": invoice}
    return ScriptedChatModel(
        responses=[
            {"tool_calls": [{"name": "wire_money", "args": wire}]},
            {"content": f"Paid {invoice}."},
        ]
    )


# 1. create_agent: one middleware.
@tape.agent(name="pay_invoice")
def pay_invoice(ctx: tape.RunContext, invoice: str, account: str) -> str:
    agent = create_agent(model(invoice, account), tools=[wire_money], middleware=[TapeMiddleware()])
    out = agent.invoke({"messages": [{"role": "user", "content": f"Pay {invoice}"}]})
    return str(out["messages"][-1].content)


# 2. A plain StateGraph: invoke_model in the model node, tool_node for the tools.
class State(TypedDict):
    messages: Annotated[list[AnyMessage], add_messages]


@tape.agent(name="pay_invoice_graph")
def pay_invoice_graph(ctx: tape.RunContext, invoice: str, account: str) -> str:
    bound = model(invoice, account).bind_tools([tool(wire_money)])

    def call_model(state: State) -> dict[str, Any]:
        return {"messages": [invoke_model(bound, state["messages"], tools=[wire_money])]}

    def route(state: State) -> str:
        last = state["messages"][-1]
        return "tools" if isinstance(last, AIMessage) and last.tool_calls else END

    graph = StateGraph(State)
    graph.add_node("model", call_model)
    graph.add_node("tools", tool_node([wire_money]))
    graph.add_edge(START, "model")
    graph.add_conditional_edges("model", route, ["tools", END])
    graph.add_edge("tools", "model")
    out = graph.compile().invoke({"messages": [HumanMessage(f"Pay {invoice}")]})
    return str(out["messages"][-1].content)


#: What ``tape dev --kill-resume-demo --app agent:<agent>`` triggers it with (``{demo_run}``: a
#: fresh id per demo run).
DEMO_INPUTS: dict[str, Any] = {"invoice": "INV-{demo_run}", "account": "ACME-001"}
