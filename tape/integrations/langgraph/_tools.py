"""Tool calls as effects, for ``wrap_tool_call`` middleware and the ``ToolNode`` wrapper.

Each call is keyed by its place in the model's answer, read back from the deterministic id
the decision recorded (``tape-<run>-<d>-<p>``): ``<run>/decision-<d>/<tool>/<p>``. A
CONFIRMED call is answered from the journal without running the tool. A tool made from a
``@tape.effect`` or ``@tape.outbox_tool`` function keeps its declaration: an outbox tool is
never run inline (the dispatcher sends it once; the run parks until its result), an effect
tool runs its body under its idempotency key and retry policy. Any other tool is an inline
idempotent effect: its ``ToolMessage`` content is journaled.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.prebuilt.tool_node import ToolCallRequest

from tape import errors
from tape.agents import tools
from tape.agents.outbox import OutboxTool
from tape.agents.tools import EffectTool
from tape.integrations import core
from tape.integrations.langgraph._model import FRAMEWORK

TOOL_METADATA_KEY = "tape_tool"


def tool(declared: EffectTool[Any, Any] | OutboxTool[Any]) -> BaseTool:
    """A LangChain tool for a ``@tape.effect`` / ``@tape.outbox_tool`` function.

    Its name, description and argument schema come from the function; inside a run the call
    goes through the journal as the declaration says.
    """
    description = getattr(declared, "description", "") or (declared.__doc__ or "").strip()
    return StructuredTool.from_function(
        func=declared,
        name=declared.name,
        description=description or declared.name,
        metadata={TOOL_METADATA_KEY: declared},
    )


def declaration(base: BaseTool | None) -> EffectTool[Any, Any] | OutboxTool[Any] | None:
    """The ``@tape`` tool behind a LangChain tool, if any."""
    if base is None:
        return None
    found = (base.metadata or {}).get(TOOL_METADATA_KEY) or getattr(base, "func", None)
    return found if isinstance(found, EffectTool | OutboxTool) else None


def _position(request: ToolCallRequest) -> tuple[int, int]:
    call_id = str(request.tool_call.get("id") or "")
    position = core.parse_call_id(call_id)
    if position is None:
        raise errors.InvalidArgument(
            f"tool call {request.tool_call.get('name')!r} has id {call_id!r}, which tape did not "
            "mint: route the model through TapeMiddleware (create_agent) or "
            "tape.integrations.langgraph.invoke_model (a plain graph), so every call id is the "
            "same on every attempt"
        )
    return position


def _recorded(output: Any) -> dict[str, Any]:
    """What the journal keeps of a tool's answer: its content and status (an error message,
    such as a validation error the framework reports to the model, replays as an error)."""
    if isinstance(output, ToolMessage):
        return {"content": output.content, "status": output.status}
    raise errors.InvalidArgument(
        f"a durable tool must answer with a ToolMessage, not {type(output).__name__} "
        "(a Command returned by a tool is not journaled)"
    )


def _message(request: ToolCallRequest, recorded: Any, *, declared: bool) -> ToolMessage:
    call = request.tool_call
    if declared or not isinstance(recorded, dict):
        content, status = recorded, "success"
    else:
        content, status = recorded.get("content", ""), recorded.get("status", "success")
    if not isinstance(content, str | list):
        content = json.dumps(content, default=tools.json_default)
    return ToolMessage(
        content=content,
        tool_call_id=str(call.get("id")),
        name=call.get("name"),
        status="error" if status == "error" else "success",
    )


def _arguments(request: ToolCallRequest) -> dict[str, Any]:
    return dict(request.tool_call.get("args") or {})


def call_tool(request: ToolCallRequest, execute: Callable[[ToolCallRequest], Any]) -> ToolMessage:
    """Run one tool call as an effect (``execute`` is the framework's handler)."""
    ctx = core.require_run(FRAMEWORK)
    decision_index, position = _position(request)
    name, arguments = str(request.tool_call.get("name")), _arguments(request)
    declared = declaration(request.tool)
    if declared is not None:
        result = core.for_model(
            declared._in_run(ctx, (), arguments, call_index=position, decision_index=decision_index)
        )
        return _message(request, result, declared=True)
    result = core.run_tool(
        ctx,
        name,
        arguments,
        lambda: _recorded(execute(request)),
        decision_index=decision_index,
        position=position,
    )
    return _message(request, result, declared=False)


async def acall_tool(
    request: ToolCallRequest, execute: Callable[[ToolCallRequest], Awaitable[Any]]
) -> ToolMessage:
    """:func:`call_tool` for the async path."""
    ctx = core.require_run(FRAMEWORK)
    decision_index, position = _position(request)
    name, arguments = str(request.tool_call.get("name")), _arguments(request)
    declared = declaration(request.tool)
    if declared is not None:
        # A declared tool's journal work is synchronous (the outbox is sent by the dispatcher).
        result = core.for_model(
            declared._in_run(ctx, (), arguments, call_index=position, decision_index=decision_index)
        )
        return _message(request, result, declared=True)

    async def body() -> Any:
        return _recorded(await execute(request))

    result = await core.arun_tool(
        ctx, name, arguments, body, decision_index=decision_index, position=position
    )
    return _message(request, result, declared=False)
