"""``ScriptedModel``: a Pydantic AI ``FunctionModel`` that answers from a script (no network).

The answer to a conversation is the script's entry at the number of model responses already in
it, so the script continues correctly in whichever process a re-driven run lands; calls are
counted in ``counter_path`` across processes (how tests prove a replayed decision did not ask
the model again). Each entry is ``{"content": str}`` or ``{"tool_calls": [{"name", "args"}]}``;
tool-call ids are minted fresh on every call, as a real model's are.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic_ai.messages import ModelMessage, ModelResponse, TextPart, ToolCallPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from tape.llm import scripted


class ScriptedModel(FunctionModel):
    """A model answering ``responses`` in order (see the module docstring)."""

    def __init__(
        self,
        responses: list[dict[str, Any]],
        *,
        counter_path: str = "",
        name: str = "tape-scripted",
    ) -> None:
        if not responses:
            raise ValueError("ScriptedModel needs at least one response")

        def answer(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
            if counter_path:
                scripted.ScriptedModel([{}], counter_path=counter_path)._next_position()
            turn = sum(1 for m in messages if isinstance(m, ModelResponse))
            script = responses[min(turn, len(responses) - 1)]
            parts: list[Any] = [
                ToolCallPart(c["name"], dict(c.get("args") or {}), tool_call_id=os.urandom(6).hex())
                for c in script.get("tool_calls") or []
            ]
            if script.get("content"):
                parts.append(TextPart(script["content"]))
            return ModelResponse(parts=parts)

        super().__init__(answer, model_name=name)


def scripted_model(
    responses: list[dict[str, Any]], *, counter_path: str = "", name: str = "tape-scripted"
) -> FunctionModel:
    """:class:`ScriptedModel` under its older name."""
    return ScriptedModel(responses, counter_path=counter_path, name=name)
