"""LangChain messages to the journal's JSON and back, and call ids made deterministic.

A decision's response is what the model answered (its messages), with every tool call's id
replaced by :func:`tape.integrations.core.call_id` before it is recorded: the framework matches
a ``ToolMessage`` to its call by id, and only ids that are the same on every attempt let a
re-driven run find the journaled effect for that call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, messages_from_dict, messages_to_dict

from tape.agents.context import RunContext
from tape.integrations import core


def to_json(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """``messages`` as JSON data (LangChain's own ``messages_to_dict`` form)."""
    return messages_to_dict(list(messages))


def from_json(data: Sequence[dict[str, Any]]) -> list[BaseMessage]:
    """The messages :func:`to_json` wrote."""
    return messages_from_dict(list(data))


def with_call_ids(
    ctx: RunContext, decision_index: int, messages: Sequence[BaseMessage]
) -> list[BaseMessage]:
    """``messages`` with each AI message's tool calls renumbered ``call_id(ctx, d, p)``, ``p``
    counting the calls of the whole answer in order."""
    renamed: list[BaseMessage] = []
    position = 0
    for message in messages:
        if not isinstance(message, AIMessage) or not message.tool_calls:
            renamed.append(message)
            continue
        calls = []
        for call in message.tool_calls:
            calls.append({**call, "id": core.call_id(ctx, decision_index, position)})
            position += 1
        renamed.append(message.model_copy(update={"tool_calls": calls}))
    return renamed


def usage(response: Any) -> tuple[int, float]:
    """(tokens, 0.0) of a recorded answer: the ``usage_metadata`` totals of its AI messages."""
    tokens = 0
    for message in response.get("messages", []) if isinstance(response, dict) else []:
        metadata = (message.get("data") or {}).get("usage_metadata") or {}
        total = metadata.get("total_tokens")
        if isinstance(total, int):
            tokens += total
    return tokens, 0.0
