"""LangGraph / LangChain on tape (``pip install -e '.[langgraph]'``).

- :class:`TapeMiddleware`: ``create_agent(model, tools, middleware=[TapeMiddleware()])``;
- :func:`tool_node` and :func:`invoke_model` / :func:`ainvoke_model`: the same for a plain
  ``StateGraph`` (its tool node, its model node);
- :func:`tool`: a LangChain tool for a ``@tape.effect`` / ``@tape.outbox_tool`` function;
- :func:`pinned_config`: the invoke config of a graph compiled with your own checkpointer;
- :class:`ScriptedModel` (older name ``ScriptedChatModel``): a scripted fake chat model for
  tests and the scaffold.

The journal is the source of truth for what the model decided and what the tools did: tape is
not a LangGraph checkpointer, and a re-driven run runs the graph again from its start. A graph
compiled with your own checkpointer (conversation memory across runs) is invoked with
:func:`pinned_config`, so every attempt of a run starts from the thread's state when the run
began instead of resuming mid-graph from a crashed attempt's checkpoints.
"""

from __future__ import annotations

from tape.integrations.langgraph._model import ainvoke_model, invoke_model
from tape.integrations.langgraph._tools import tool
from tape.integrations.langgraph.checkpoint import pinned_config
from tape.integrations.langgraph.middleware import TapeMiddleware
from tape.integrations.langgraph.testing import ScriptedChatModel, ScriptedModel
from tape.integrations.langgraph.tool_node import tool_node

__all__ = [
    "ScriptedChatModel",
    "ScriptedModel",
    "TapeMiddleware",
    "ainvoke_model",
    "invoke_model",
    "pinned_config",
    "tool",
    "tool_node",
]
