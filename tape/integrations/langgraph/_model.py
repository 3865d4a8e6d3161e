"""Model calls as decisions: the recorded answer on replay, else the model asked once.

Used by :class:`~tape.integrations.langgraph.TapeMiddleware` (agents made with
``create_agent``) and by :func:`invoke_model` / :func:`ainvoke_model` (a model node of a plain
graph). A call the run's budget refuses is answered with an ``AIMessage`` saying why and no
tool calls, which ends a LangChain agent loop (as ``ModelCallLimitMiddleware`` ends it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.runnables import Runnable

from tape import errors
from tape.integrations import core
from tape.integrations.langgraph import _messages

FRAMEWORK = "langgraph"


def model_name(model: Any) -> str:
    """What the journal records as the decision's model."""
    for attribute in ("model_name", "model"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def budget_stop(exc: errors.BudgetExceeded) -> AIMessage:
    """The answer of a model call the budget refused."""
    return AIMessage(content=core.budget_model_message(exc.reason))


def _request(messages: Sequence[BaseMessage], tools: Sequence[Any]) -> dict[str, Any]:
    """What the journal keeps of a request: what is new since the last answer (the rest of
    the conversation is the earlier decisions and tool results), the length, the tool names.
    Not the whole history per decision, which would grow quadratically with the run."""
    names = [
        getattr(t, "name", None) or (t.get("name") if isinstance(t, dict) else "") for t in tools
    ]
    answered = [i for i, m in enumerate(messages) if isinstance(m, AIMessage)]
    new = list(messages)[answered[-1] + 1 :] if answered else list(messages)
    return {
        "message_count": len(messages),
        "new_messages": _messages.to_json(new),
        "tools": [n for n in names if n],
    }


def _stable(request: dict[str, Any]) -> dict[str, Any]:
    """The part of a :func:`_request` the model is asked, without what LangChain mints afresh
    on every attempt (message ids, response metadata): each new message's type, content,
    name, tool calls (name, arguments and the deterministic id) and tool call id."""
    return {
        "message_count": request["message_count"],
        "new_messages": [_stable_message(m) for m in request["new_messages"]],
        "tools": request["tools"],
    }


def _stable_message(message: dict[str, Any]) -> dict[str, Any]:
    data = message.get("data") or {}
    out: dict[str, Any] = {"type": message.get("type"), "content": data.get("content")}
    if data.get("name"):
        out["name"] = data["name"]
    if data.get("tool_calls"):
        out["tool_calls"] = [
            {"name": c.get("name"), "args": c.get("args"), "id": c.get("id")}
            for c in data["tool_calls"]
        ]
    if data.get("tool_call_id"):
        out["tool_call_id"] = data["tool_call_id"]
    return out


#: The decision check's view of a LangGraph / LangChain request (tape.integrations.core).
VIEW = core.RequestView("langgraph-1", _stable)


def decide(
    messages: Sequence[BaseMessage],
    tools: Sequence[Any],
    ask: Callable[[], tuple[list[BaseMessage], Any]],
    *,
    model: str,
) -> tuple[list[BaseMessage], Any]:
    """One decision: ``(answer messages, structured response)``, recorded or replayed.

    ``ask()`` calls the model; the ids of the tool calls it returns are made deterministic
    before they are recorded. A structured response is journaled (and replayed) as JSON.

    Raises:
        BudgetExceeded: the run's budget refused the call.
    """
    ctx = core.require_run(FRAMEWORK)
    index = core.next_decision_index(ctx)

    def call() -> dict[str, Any]:
        answer, structured = ask()
        renamed = _messages.with_call_ids(ctx, index, answer)
        return {"messages": _messages.to_json(renamed), "structured_response": structured}

    recorded = core.model_turn(
        ctx, _request(messages, tools), call, model=model, charge=_messages.usage, view=VIEW
    )
    return _messages.from_json(recorded["messages"]), recorded.get("structured_response")


async def adecide(
    messages: Sequence[BaseMessage],
    tools: Sequence[Any],
    ask: Callable[[], Awaitable[tuple[list[BaseMessage], Any]]],
    *,
    model: str,
) -> tuple[list[BaseMessage], Any]:
    """:func:`decide` for an async model call."""
    ctx = core.require_run(FRAMEWORK)
    index = core.next_decision_index(ctx)

    async def call() -> dict[str, Any]:
        answer, structured = await ask()
        renamed = _messages.with_call_ids(ctx, index, answer)
        return {"messages": _messages.to_json(renamed), "structured_response": structured}

    recorded = await core.amodel_turn(
        ctx, _request(messages, tools), call, model=model, charge=_messages.usage, view=VIEW
    )
    return _messages.from_json(recorded["messages"]), recorded.get("structured_response")


def _only_ai(messages: list[BaseMessage]) -> AIMessage:
    found = [m for m in messages if isinstance(m, AIMessage)]
    return found[0] if found else AIMessage(content="")


def invoke_model(
    model: Runnable[Any, Any], messages: Sequence[BaseMessage], *, tools: Sequence[Any] = ()
) -> AIMessage:
    """``model.invoke(messages)`` as a decision, for the model node of a plain graph.

    Bind tools to ``model`` yourself (``model.bind_tools(tools)``); pass ``tools`` to have
    their names journaled with the request. A refused budget answers with the stop message.
    """
    try:
        answer, _ = decide(
            messages,
            tools,
            lambda: ([model.invoke(list(messages))], None),
            model=model_name(model),
        )
    except errors.BudgetExceeded as exc:
        return budget_stop(exc)
    return _only_ai(answer)


async def ainvoke_model(
    model: Runnable[Any, Any], messages: Sequence[BaseMessage], *, tools: Sequence[Any] = ()
) -> AIMessage:
    """:func:`invoke_model` with ``model.ainvoke``."""

    async def ask() -> tuple[list[BaseMessage], Any]:
        return [await model.ainvoke(list(messages))], None

    try:
        answer, _ = await adecide(messages, tools, ask, model=model_name(model))
    except errors.BudgetExceeded as exc:
        return budget_stop(exc)
    return _only_ai(answer)
