"""A scripted OpenAI Agents SDK ``Model`` for tests and the scaffold: no network.

Unlike ``agents.testing.ScriptedModel`` (whose steps live in one process), the position in
the script can be kept in a file (``counter_path``), shared by every worker process: a run
re-driven after a crash in another process goes on with the next step, and a test can count
the model calls made across processes (:meth:`ScriptedModel.count_at`). Tool-call ids are
fresh random ones on every call, as a real model's are: tape must not depend on them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

from agents.agent_output import AgentOutputSchemaBase
from agents.handoffs import Handoff
from agents.items import ModelResponse, TResponseInputItem, TResponseOutputItem
from agents.models.interface import Model, ModelTracing
from agents.testing import assistant_message, function_call
from agents.tool import Tool
from agents.usage import Usage
from openai.types.responses.response_prompt_param import ResponsePromptParam

from tape import errors
from tape.llm.scripted import ScriptedModel as _Counter

if TYPE_CHECKING:
    from agents.items import TResponseStreamEvent
    from agents.model_settings import ModelSettings

#: One step: a final text answer, or tool calls ``(name, arguments)`` made in one turn.
Step = str | Sequence[tuple[str, dict[str, Any]]]


def _output(step: Step) -> list[TResponseOutputItem]:
    if isinstance(step, str):
        return [assistant_message(step, item_id=f"msg-{uuid.uuid4().hex[:12]}")]
    return [
        function_call(name, arguments, call_id=f"call-{uuid.uuid4().hex[:12]}")
        for name, arguments in step
    ]


class ScriptedModel(Model):
    """Answers ``steps`` in order, one per call (the last repeats), counting the calls.

    Without ``counter_path`` the position lives in this object only: a run re-driven in
    another process would start the script over (tape replays recorded answers without
    asking the model, so the script would be out of step). Give one to anything re-driven.

    Args:
        steps: each a final text answer or a list of ``(tool name, arguments)`` calls.
        counter_path: a file holding the position, shared across processes.
        tokens: the ``total_tokens`` each answer reports (what a token budget charges).
    """

    def __init__(
        self,
        steps: Sequence[Step],
        *,
        counter_path: str | os.PathLike[str] | None = None,
        tokens: int = 10,
        model: str = "scripted",
    ) -> None:
        if not steps:
            raise errors.InvalidArgument("ScriptedModel needs at least one step")
        self.steps = list(steps)
        self.tokens = tokens
        self.model = model
        # tape's own scripted model keeps the cross-process position (a flock'ed file); it
        # answers the index of the step to give. One shared sequence (per_run=False): this
        # model's steps are its own calls, not the run's decisions (another agent of the same
        # run, a triage agent handing off, makes decisions too).
        self._counter = _Counter(
            [{"step": index} for index in range(len(self.steps))],
            counter_path=counter_path,
            per_run=False,
        )

    @property
    def calls(self) -> int:
        """How many times the model was called (across processes with ``counter_path``)."""
        return self._counter.calls

    @staticmethod
    def count_at(path: str | os.PathLike[str]) -> int:
        """The call count stored at ``path`` (0 when the file does not exist)."""
        return _Counter.count_at(path)

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> ModelResponse:
        step = self.steps[self._counter({})["step"]]
        usage = Usage(requests=1, input_tokens=0, output_tokens=self.tokens)
        usage.total_tokens = self.tokens
        return ModelResponse(
            output=_output(step), usage=usage, response_id=f"resp-{uuid.uuid4().hex[:12]}"
        )

    def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> AsyncIterator[TResponseStreamEvent]:
        raise errors.InvalidArgument("the scripted model does not stream")
