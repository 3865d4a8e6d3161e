"""``ScriptedModel``: a LangChain chat model that answers from a script (no network).

The answer to a conversation is the script's entry at the number of AI messages already in it
(the first call answers ``responses[0]``, the call after one tool round ``responses[1]``...),
so the script continues correctly in whichever process a re-driven run lands. Calls are
counted in ``counter_path`` across processes, which is how tests prove that a replayed
decision did not ask the model again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool

from tape.llm import scripted


class ScriptedModel(BaseChatModel):
    """Answers ``responses`` in order (see the module docstring); the last one repeats.

    Each response is a dict of ``AIMessage`` fields (``content``, ``tool_calls``:
    ``[{"name", "args"}]``, ids are minted fresh on every call, as a real model's are).
    """

    responses: list[dict[str, Any]]
    counter_path: str = ""
    tokens_per_call: int = 10

    @property
    def _llm_type(self) -> str:
        return "tape-scripted"

    @property
    def calls(self) -> int:
        """Calls made so far, in every process sharing ``counter_path``."""
        return scripted.ScriptedModel.count_at(self.counter_path) if self.counter_path else 0

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        return self  # the script names the tools; nothing to bind

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self.counter_path:
            _count(self.counter_path)
        turn = sum(1 for m in messages if isinstance(m, AIMessage))
        script = dict(self.responses[min(turn, len(self.responses) - 1)])
        calls = [
            {"name": c["name"], "args": dict(c.get("args") or {}), "id": os.urandom(6).hex()}
            for c in script.get("tool_calls") or []
        ]
        message = AIMessage(
            content=script.get("content", ""),
            tool_calls=calls,
            usage_metadata={
                "input_tokens": self.tokens_per_call // 2,
                "output_tokens": self.tokens_per_call - self.tokens_per_call // 2,
                "total_tokens": self.tokens_per_call,
            },
        )
        return ChatResult(generations=[ChatGeneration(message=message)])


def _count(path: str) -> None:
    # ScriptedModel's locked read-increment-write, for its counter alone.
    scripted.ScriptedModel([{}], counter_path=path)._next_position()


#: The older name of :class:`ScriptedModel`.
ScriptedChatModel = ScriptedModel
