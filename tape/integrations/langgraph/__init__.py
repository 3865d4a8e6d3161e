"""LangGraph / LangChain on tape (``pip install tape[langgraph]``).

- :class:`TapeMiddleware`: ``create_agent(model, tools, middleware=[TapeMiddleware()])``;
- :func:`tool_node` and :func:`invoke_model` / :func:`ainvoke_model`: the same for a plain
  ``StateGraph`` (its tool node, its model node);
- :func:`tool`: a LangChain tool for a ``@tape.effect`` / ``@tape.outbox_tool`` function;
- :class:`ScriptedChatModel`: a scripted fake chat model for tests and the scaffold.

The journal is the source of truth for what the model decided and what the tools did: tape is
not a LangGraph checkpointer. A graph compiled with a user's checkpointer still works (its
checkpoints resume the graph's own state); run it under a thread id that is the tape run's id,
so a re-driven attempt continues the same thread, and tape keeps any model call or tool call it
replays from being made twice.
"""

from __future__ import annotations

from tape.integrations.langgraph._model import ainvoke_model, invoke_model
from tape.integrations.langgraph._tools import tool
from tape.integrations.langgraph.middleware import TapeMiddleware
from tape.integrations.langgraph.testing import ScriptedChatModel
from tape.integrations.langgraph.tool_node import tool_node

__all__ = [
    "ScriptedChatModel",
    "TapeMiddleware",
    "ainvoke_model",
    "invoke_model",
    "tool",
    "tool_node",
]
