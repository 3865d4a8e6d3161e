"""Every ``FunctionTool`` of an OpenAI Agents SDK agent made a tape effect.

A wrapped tool journals each call through :mod:`tape.integrations.core` before it runs, keyed by
its position in the model's answer (decision ``d``, call ``p``, read back from the tool-call id
:class:`~tape.integrations.openai_agents.model.TapeModel` pinned): a CONFIRMED call is
short-circuited with its recorded result, a call the process died in is run again under the same
key (inline tools must be idempotent on it), and a ``@tape.outbox_tool`` is never run inline: it
is journaled PENDING+OUTBOX for the dispatcher and the run parks until its result.

Tools are wrapped *in place* (once; outside a tape run a wrapped tool behaves as before), so the
objects the SDK resolves for an agent, a handoff target or a dynamic tool list are the wrapped
ones. The journaling sits inside the SDK's failure handling: the body's own exception is what
the journal sees (``AckLost`` → UNKNOWN, anything else → FAILED), and the SDK then turns it
into the model-visible error message as it always does.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from agents import function_tool as sdk_function_tool
from agents.tool import FunctionTool
from agents.tool_context import ToolContext

from tape import errors
from tape.agents import context
from tape.agents.outbox import OutboxTool
from tape.agents.tools import EffectTool
from tape.integrations import core

#: Attribute naming the ``@tape.effect`` / ``@tape.outbox_tool`` behind a FunctionTool.
DECLARED_TOOL_ATTRIBUTE = "_tape_tool"
_WRAPPED = "_tape_durable"
_INNER = "_tape_inner"
Invoke = Callable[[ToolContext[Any], str], Awaitable[Any]]


def function_tool(tool: Any, **options: Any) -> FunctionTool:
    """An SDK ``FunctionTool`` for a ``@tape.effect`` / ``@tape.outbox_tool`` (or a plain
    function), keeping its tape declaration: connector, outbox dispatch, business key,
    compensation, human gate. ``options`` go to ``agents.function_tool``.

    The SDK cannot introspect tape's tool objects itself; use this instead of
    ``agents.function_tool`` for them.
    """
    declared = tool if isinstance(tool, EffectTool | OutboxTool) else None
    fn = declared.fn if declared is not None else tool
    if declared is not None:
        options.setdefault("name_override", declared.name)
    made = sdk_function_tool(fn, **options)
    setattr(made, DECLARED_TOOL_ATTRIBUTE, declared)
    return make_durable_tool(made)


def _arguments(input_json: str) -> dict[str, Any]:
    try:
        parsed = json.loads(input_json or "{}")
    except json.JSONDecodeError:
        return {"arguments": input_json}
    return parsed if isinstance(parsed, dict) else {"arguments": parsed}


def _journaled(tool: FunctionTool, invoke: Invoke) -> Invoke:
    invoke = getattr(invoke, _INNER, invoke)  # a copied tool's invoker is journaled already

    async def journaled(tool_ctx: ToolContext[Any], input_json: str) -> Any:
        ctx = context.current()
        if ctx is None:
            return await invoke(tool_ctx, input_json)
        position = core.parse_call_id(tool_ctx.tool_call_id)
        if position is None:
            raise errors.InvalidArgument(
                f"tool call {tool_ctx.tool_call_id!r} of {tool.name!r} has no tape position: "
                "the agent's model is not a TapeModel (run it with "
                "tape.integrations.openai_agents.run, or wrap it with durable_model)"
            )
        decision_index, call_position = position
        return await core.arun_tool(
            ctx,
            tool.name,
            _arguments(input_json),
            lambda: invoke(tool_ctx, input_json),
            decision_index=decision_index,
            position=call_position,
            tool=getattr(tool, DECLARED_TOOL_ATTRIBUTE, None),
        )

    setattr(journaled, _INNER, invoke)
    return journaled


class _JournaledImpl:
    """Stands in for the SDK invoker's inner implementation (the call of the Python function),
    forwarding the attributes the SDK reads from it (argument preparation, markers)."""

    def __init__(self, tool: FunctionTool, impl: Invoke) -> None:
        # A tool copied by the SDK (``dataclasses.replace``) shares its invoker's inner
        # implementation: journal the wrapped body once, under the copy's name.
        self._impl: Invoke = impl._impl if isinstance(impl, _JournaledImpl) else impl
        self._call = _journaled(tool, self._impl)

    async def __call__(self, tool_ctx: ToolContext[Any], input_json: str) -> Any:
        return await self._call(tool_ctx, input_json)

    def __getattr__(self, name: str) -> Any:
        # Forward the SDK's markers (``__agents_*__``); not copy/pickle probes, nor our own
        # attributes before __init__ set them.
        probing = name.startswith("__") and not name.startswith("__agents_")
        if probing or name in ("_impl", "_call"):
            raise AttributeError(name)
        return getattr(self._impl, name)


def make_durable_tool(tool: FunctionTool) -> FunctionTool:
    """Make ``tool`` a tape effect in place (idempotent); returns it."""
    if getattr(tool, _WRAPPED, False):
        return tool
    invoker: Any = tool.on_invoke_tool
    impl = getattr(invoker, "_invoke_tool_impl", None)
    if callable(impl):
        # A tool made by ``agents.function_tool``: journal inside its failure handling, so
        # the journal records the body's exception, not the error text the model is shown.
        # (``_invoke_tool_impl`` is the SDK invoker's own attribute; a tool without it is
        # journaled around its whole invoker below.)
        invoker._invoke_tool_impl = _JournaledImpl(tool, impl)
    else:
        tool.on_invoke_tool = _journaled(tool, invoker)
    setattr(tool, _WRAPPED, True)
    return tool


def make_durable_tools(tools: Iterable[Any]) -> None:
    """:func:`make_durable_tool` for every ``FunctionTool`` among ``tools``."""
    for tool in tools:
        if isinstance(tool, FunctionTool):
            make_durable_tool(tool)
