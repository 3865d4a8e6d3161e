"""``TapeModel``: a Pydantic AI model whose requests are tape decisions.

Each request is decision ``n`` of the run: recorded once (as Pydantic AI's own JSON form of
the ``ModelResponse``, with each tool call's id rewritten to
:func:`tape.integrations.core.call_id` first), and on every later attempt replayed without
asking the wrapped model. A streamed request is one decision too: the model's answer is
gathered, recorded, and streamed back from the record. A request the run's budget refuses
raises ``UsageLimitExceeded`` (``[tape] stopping: <reason>``), how Pydantic AI stops a run
that is over its usage limits.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from pydantic_ai.exceptions import UsageLimitExceeded
from pydantic_ai.messages import ModelMessage, ModelMessagesTypeAdapter, ModelResponse
from pydantic_ai.models import (
    CompletedStreamedResponse,
    ModelRequestParameters,
    StreamedResponse,
)
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.settings import ModelSettings
from pydantic_ai.tools import RunContext as PydanticRunContext

from tape import errors
from tape.integrations import core

FRAMEWORK = "pydantic-ai"


def _usage(response: Any) -> tuple[int, float]:
    usage = response.get("usage") if isinstance(response, dict) else None
    if not isinstance(usage, dict):
        return 0, 0.0
    tokens = sum(v for k in ("input_tokens", "output_tokens") if isinstance(v := usage.get(k), int))
    return tokens, 0.0


def _to_json(response: ModelResponse) -> dict[str, Any]:
    (data,) = ModelMessagesTypeAdapter.dump_python([response], mode="json")
    return dict(data)


def _from_json(data: Any) -> ModelResponse:
    (response,) = ModelMessagesTypeAdapter.validate_python([data])
    assert isinstance(response, ModelResponse), "a recorded decision is a model response"
    return response


#: What a request part is asked with; the rest (timestamps, run and conversation ids, metadata)
#: is minted afresh on every attempt.
_PART_KEYS = ("part_kind", "content", "tool_name", "tool_call_id", "args")


def _stable(request: dict[str, Any]) -> dict[str, Any]:
    """The decision check's view of a request: each new message's kind, instructions and
    parts (kind, content, tool name, tool call id, arguments)."""
    return {
        "message_count": request["message_count"],
        "new_messages": [
            {
                "kind": m.get("kind"),
                "instructions": m.get("instructions"),
                "parts": [
                    {k: part[k] for k in _PART_KEYS if k in part}
                    for part in m.get("parts", [])
                    if isinstance(part, dict)
                ],
            }
            for m in request["new_messages"]
            if isinstance(m, dict)
        ],
    }


#: The decision check's view of a Pydantic AI request (tape.integrations.core.RequestView).
VIEW = core.RequestView("pydantic-ai-1", _stable)


class TapeModel(WrapperModel):
    """``model`` with every request journaled as a decision of the current tape run."""

    async def request(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
    ) -> ModelResponse:
        ctx = core.require_run(FRAMEWORK)
        index = core.next_decision_index(ctx)

        async def call() -> dict[str, Any]:
            response = await self.wrapped.request(
                messages, model_settings, model_request_parameters
            )
            data = _to_json(response)
            position = 0
            for part in data.get("parts", []):
                if part.get("part_kind") == "tool-call":
                    part["tool_call_id"] = core.call_id(ctx, index, position)
                    position += 1
            return data

        # What is new since the last answer, not the whole history per decision (quadratic).
        request = {
            "message_count": len(messages),
            "new_messages": ModelMessagesTypeAdapter.dump_python(messages[-1:], mode="json"),
        }
        try:
            recorded = await core.amodel_turn(
                ctx, request, call, model=self.model_name, charge=_usage, view=VIEW
            )
        except errors.BudgetExceeded as exc:
            raise UsageLimitExceeded(core.budget_model_message(exc.reason)) from exc
        return _from_json(recorded)

    @asynccontextmanager
    async def request_stream(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
        run_context: PydanticRunContext[Any] | None = None,
    ) -> AsyncGenerator[StreamedResponse]:
        response = await self.request(messages, model_settings, model_request_parameters)
        yield CompletedStreamedResponse(
            response, model_request_parameters=model_request_parameters, replay_events=True
        )
