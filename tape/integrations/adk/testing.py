"""``ScriptedModel``: an ADK model that answers from a script, for tests, demos and scaffolds.

Inside a tape run the script position is the run's decision index, so a run re-driven in
another process goes on where it stopped without keeping any state of its own (decisions
already recorded are replayed by :class:`~tape.integrations.adk.TapePlugin` and never reach
the model). With ``calls_dir`` every call is also counted in ``<calls_dir>/<run_id>.calls``
(one line per call, appended atomically), so a test can check that no decision was asked
twice, across worker processes.
"""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Callable
from pathlib import Path
from typing import Any

from google.adk.models.base_llm import BaseLlm
from google.adk.models.llm_request import LlmRequest
from google.adk.models.llm_response import LlmResponse
from google.genai import types
from pydantic import PrivateAttr

from tape.agents import context

Turn = LlmResponse | Callable[[LlmRequest], LlmResponse]


def text(answer: str, *, tokens: int = 0) -> LlmResponse:
    """A model turn that answers ``answer``."""
    return _response(types.Part(text=answer), tokens)


def call(name: str, *, tokens: int = 0, **arguments: Any) -> LlmResponse:
    """A model turn that calls the tool ``name`` with ``arguments``."""
    function_call = types.FunctionCall(name=name, args=arguments)
    return _response(types.Part(function_call=function_call), tokens)


def _response(part: types.Part, tokens: int) -> LlmResponse:
    usage = (
        types.GenerateContentResponseUsageMetadata(
            prompt_token_count=tokens // 2,
            candidates_token_count=tokens - tokens // 2,
            total_token_count=tokens,
        )
        if tokens
        else None
    )
    return LlmResponse(content=types.Content(role="model", parts=[part]), usage_metadata=usage)


def user_text(request: LlmRequest) -> str:
    """The text of the first user message in ``request`` (what the run was asked)."""
    for content in request.contents:
        if content.role == "user" and content.parts:
            found = "".join(p.text or "" for p in content.parts)
            if found:
                return found
    return ""


class ScriptedModel(BaseLlm):
    """Answers turn ``n`` of a run with ``turns[n]`` (the last repeats when they run out).

    A turn is an ``LlmResponse`` (see :func:`text`, :func:`call`) or a function of the
    ``LlmRequest`` returning one (to answer from what the user asked).
    """

    model: str = "scripted"
    turns: list[Any]
    calls_dir: str | None = None
    _local: int = PrivateAttr(default=0)

    async def generate_content_async(
        self, llm_request: LlmRequest, stream: bool = False
    ) -> AsyncGenerator[LlmResponse, None]:
        ctx = context.current()
        if ctx is not None:
            position = ctx.decisions
        else:
            position, self._local = self._local, self._local + 1
        if self.calls_dir:
            self._count(ctx.run_id if ctx is not None else "local")
        turn = self.turns[min(position, len(self.turns) - 1)]
        response = turn(llm_request) if callable(turn) else turn.model_copy(deep=True)
        response.model_version = response.model_version or self.model
        yield response

    def _count(self, run_id: str) -> None:
        assert self.calls_dir is not None
        Path(self.calls_dir).mkdir(parents=True, exist_ok=True)
        fd = os.open(
            Path(self.calls_dir) / f"{run_id}.calls", os.O_WRONLY | os.O_CREAT | os.O_APPEND
        )
        try:
            os.write(fd, b"1\n")
            os.fsync(fd)
        finally:
            os.close(fd)

    @staticmethod
    def calls(calls_dir: str | os.PathLike[str], run_id: str) -> int:
        """How many times the model was asked during ``run_id`` (0 when never)."""
        try:
            return len((Path(calls_dir) / f"{run_id}.calls").read_text().splitlines())
        except FileNotFoundError:
            return 0


#: The older name of :class:`ScriptedModel`.
ScriptedLlm = ScriptedModel
