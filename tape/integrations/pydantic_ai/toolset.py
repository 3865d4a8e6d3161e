"""``TapeToolset``: a Pydantic AI toolset whose tool calls are tape effects.

A call is keyed by its place in the decision that asked for it, read back from its
deterministic ``tool_call_id`` (``<run>/decision-<d>/<tool>/<p>``); a CONFIRMED call is
answered from the journal without running the tool. A ``@tape.effect`` /
``@tape.outbox_tool`` function registered as a tool keeps its declaration (an outbox tool is
sent once by the dispatcher and the run parks until its result). ``ModelRetry`` from a tool is
journaled as what it is, so a replay asks the model to retry exactly as the first attempt did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic_ai.exceptions import ModelRetry
from pydantic_ai.tools import RunContext as PydanticRunContext
from pydantic_ai.toolsets import FunctionToolset, ToolsetTool, WrapperToolset

from tape import errors
from tape.agents.outbox import OutboxTool
from tape.agents.tools import EffectTool
from tape.integrations import core
from tape.integrations.pydantic_ai.model import FRAMEWORK

#: A plain tool's outcome is journaled as ``{RETURN: value}``, or ``{MODEL_RETRY: message}`` when
#: it raised ``ModelRetry`` (a CONFIRMED outcome: the call did nothing). The envelope also keeps
#: a bare string return from being read as JSON text by the journal.
RETURN = "return"
MODEL_RETRY = "model_retry"


def declaration(tool: ToolsetTool[Any], name: str) -> EffectTool[Any, Any] | OutboxTool[Any] | None:
    """The ``@tape`` tool a function tool was made from, if any."""
    while hasattr(tool, "source_tool"):  # through combined/wrapped toolsets
        tool = tool.source_tool
    toolset = tool.toolset
    if not isinstance(toolset, FunctionToolset):
        return None
    original = getattr(tool, "original_name", None) or name
    found = toolset.tools.get(original)
    function = getattr(found, "function", None)
    return function if isinstance(function, EffectTool | OutboxTool) else None


@dataclass
class TapeToolset(WrapperToolset[Any]):
    """``wrapped`` with every tool call journaled as an effect of the current tape run."""

    async def call_tool(
        self,
        name: str,
        tool_args: dict[str, Any],
        ctx: PydanticRunContext[Any],
        tool: ToolsetTool[Any],
    ) -> Any:
        run = core.require_run(FRAMEWORK)
        position = core.parse_call_id(ctx.tool_call_id or "")
        if position is None:
            raise errors.InvalidArgument(
                f"tool call {name!r} has id {ctx.tool_call_id!r}, which tape did not mint: "
                "add TapeDurability() to the agent's capabilities so its model is a TapeModel"
            )
        decision_index, call_index = position
        declared = declaration(tool, name)
        if declared is not None:
            return core.for_model(
                declared._in_run(
                    run, (), dict(tool_args), call_index=call_index, decision_index=decision_index
                )
            )

        async def body() -> dict[str, Any]:
            try:
                return {RETURN: await self.wrapped.call_tool(name, tool_args, ctx, tool)}
            except ModelRetry as exc:
                return {MODEL_RETRY: exc.message}

        outcome = await core.arun_tool(
            run, name, dict(tool_args), body, decision_index=decision_index, position=call_index
        )
        if MODEL_RETRY in outcome:
            raise ModelRetry(str(outcome[MODEL_RETRY]))
        return outcome.get(RETURN)
