"""``tool_node``: a LangGraph ``ToolNode`` whose tool calls are tape effects (plain graphs).

Pair it with :func:`~tape.integrations.langgraph.invoke_model` in the graph's model node: the
model call is then a decision whose tool-call ids are deterministic, and the node keys each
call by its place in that decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.tools import BaseTool
from langgraph.prebuilt import ToolNode

from tape.agents.outbox import OutboxTool
from tape.agents.tools import EffectTool
from tape.integrations.langgraph import _tools


def tool_node(tools: Sequence[BaseTool | Callable[..., Any]], **options: Any) -> ToolNode:
    """``ToolNode(tools, **options)`` with every call journaled; ``@tape.effect`` and
    ``@tape.outbox_tool`` functions in ``tools`` keep their declarations."""
    converted = [_tools.tool(t) if isinstance(t, EffectTool | OutboxTool) else t for t in tools]
    return ToolNode(
        converted, wrap_tool_call=_tools.call_tool, awrap_tool_call=_tools.acall_tool, **options
    )
