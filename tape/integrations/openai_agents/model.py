"""A tape ``Model`` / ``ModelProvider`` for the OpenAI Agents SDK: every model call is a decision.

:class:`TapeModel` wraps the agent's real model. Inside a tape run, the n-th model call of the
run is decision ``n`` (:func:`tape.integrations.core.amodel_turn`): the first attempt calls the
inner model and records its ``ModelResponse`` as JSON; an attempt re-driven after a crash gets
the recorded response back and the inner model is not called. Tool-call ids in the response are
rewritten to :func:`~tape.integrations.core.call_id` before recording (the SDK's and the
model's ids differ on every attempt), which is how the tool wrapper finds each call's position.

A budget refusal stops the agent the SDK's way: the model answers a final assistant message
``"[tape] stopping: <reason>"`` (not recorded), so ``Runner.run`` ends with that
``final_output``. An agent with a structured ``output_type`` cannot take a text answer: there
:class:`~tape.errors.BudgetExceeded` propagates out of ``Runner.run`` instead.

Outside a tape run both classes pass straight through to the inner model, so wrapping an agent
in place leaves it usable anywhere.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from agents.agent_output import AgentOutputSchemaBase
from agents.handoffs import Handoff
from agents.items import ModelResponse, TResponseInputItem, TResponseOutputItem
from agents.models.interface import Model, ModelProvider, ModelTracing
from agents.models.multi_provider import MultiProvider
from agents.tool import Tool
from agents.usage import Usage
from openai.types.responses import ResponseOutputMessage, ResponseOutputText
from openai.types.responses.response_prompt_param import ResponsePromptParam
from pydantic import TypeAdapter

from tape import errors
from tape.agents import context
from tape.agents.context import RunContext
from tape.agents.tools import jsonable
from tape.integrations import core
from tape.integrations.core import Charge
from tape.integrations.openai_agents import tools as tape_tools

if TYPE_CHECKING:
    from agents.items import TResponseStreamEvent
    from agents.model_settings import ModelSettings

FRAMEWORK = "openai-agents"
_OUTPUT_ITEMS: TypeAdapter[TResponseOutputItem] = TypeAdapter(TResponseOutputItem)
_USAGE_FIELDS = ("requests", "input_tokens", "output_tokens", "total_tokens")


def response_to_json(response: ModelResponse) -> dict[str, Any]:
    """A ``ModelResponse`` as JSON data (what the journal records)."""
    usage = response.usage
    return {
        "output": [item.model_dump(mode="json", exclude_none=True) for item in response.output],
        "usage": {name: int(getattr(usage, name) or 0) for name in _USAGE_FIELDS},
        "response_id": response.response_id,
        "request_id": response.request_id,
    }


def response_from_json(data: dict[str, Any]) -> ModelResponse:
    """The ``ModelResponse`` that :func:`response_to_json` recorded."""
    counts = {name: int((data.get("usage") or {}).get(name) or 0) for name in _USAGE_FIELDS}
    usage = Usage(
        requests=counts["requests"],
        input_tokens=counts["input_tokens"],
        output_tokens=counts["output_tokens"],
        total_tokens=counts["total_tokens"],
    )
    return ModelResponse(
        output=[_OUTPUT_ITEMS.validate_python(item) for item in data.get("output") or []],
        usage=usage,
        response_id=data.get("response_id"),
        request_id=data.get("request_id"),
    )


def pin_call_ids(ctx: RunContext, decision_index: int, response: ModelResponse) -> None:
    """Give every tool call in ``response`` the id of its position in decision
    ``decision_index``, so the recorded decision (and every replay) names its calls the same."""
    position = 0
    for item in response.output:
        if isinstance(getattr(item, "call_id", None), str):
            item.call_id = core.call_id(ctx, decision_index, position)  # type: ignore[union-attr]
            position += 1


def _request_json(
    model: str,
    system_instructions: str | None,
    input: str | list[TResponseInputItem],
    tools: list[Tool],
    handoffs: list[Handoff],
    output_schema: AgentOutputSchemaBase | None,
) -> dict[str, Any]:
    # Journaled for people reading the run (tape inspect), and compared on replay through
    # VIEW (tape.integrations.core.RequestView).
    return {
        "model": model,
        "system_instructions": system_instructions,
        "input": jsonable(input),
        "tools": [getattr(tool, "name", type(tool).__name__) for tool in tools],
        "handoffs": [handoff.tool_name for handoff in handoffs],
        "output_type": output_schema.name() if output_schema is not None else "str",
    }


def _stable(request: dict[str, Any]) -> dict[str, Any]:
    """The decision check's view of a request: all of it but the input items' ``id`` (an
    item id the SDK or a model mints; tool calls are matched by their pinned ``call_id``)."""
    raw = request.get("input")
    items = raw if isinstance(raw, list) else None
    stable_input = (
        [
            {k: v for k, v in item.items() if k != "id"} if isinstance(item, dict) else item
            for item in items
        ]
        if items is not None
        else raw
    )
    return {**request, "input": stable_input}


#: The decision check's view of an OpenAI Agents SDK request (tape.integrations.core).
VIEW = core.RequestView("openai-agents-1", _stable)


def _stop_message(reason: str) -> ModelResponse:
    text = core.budget_model_message(reason)
    message = ResponseOutputMessage(
        id="tape-budget-stop",
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(text=text, type="output_text", annotations=[])],
    )
    return ModelResponse(output=[message], usage=Usage(), response_id=None)


def model_name(model: Model) -> str:
    """The inner model's name, for the journal."""
    name = getattr(model, "model", "") or getattr(model, "name", "")
    return name if isinstance(name, str) and name else type(model).__name__


class TapeModel(Model):
    """``inner`` with every call recorded (first attempt) or replayed (re-driven attempts).

    Args:
        inner: the real model (an ``OpenAIResponsesModel``, a scripted test model, ...).
        charge: ``(tokens, usd)`` of a recorded response (its JSON); default: its
            ``usage.total_tokens`` and no USD. Give one to make a ``usd_cap`` bite.
    """

    def __init__(self, inner: Model, *, charge: Charge | None = None) -> None:
        self.inner = inner
        self.charge = charge

    def __repr__(self) -> str:
        return f"TapeModel({self.inner!r})"

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
        async def ask() -> ModelResponse:
            return await self.inner.get_response(
                system_instructions,
                input,
                model_settings,
                tools,
                output_schema,
                handoffs,
                tracing,
                previous_response_id=previous_response_id,
                conversation_id=conversation_id,
                prompt=prompt,
            )

        ctx = context.current()
        if ctx is None:
            return await ask()
        # The tools the SDK offers this turn are the objects it will invoke: make each a tape
        # effect now (handoff targets, dynamic and MCP tools included), before any call runs.
        tape_tools.make_durable_tools(tools)
        decision_index = core.next_decision_index(ctx)

        async def record() -> dict[str, Any]:
            response = await ask()
            pin_call_ids(ctx, decision_index, response)
            return response_to_json(response)

        request = _request_json(
            model_name(self.inner), system_instructions, input, tools, handoffs, output_schema
        )
        try:
            recorded = await core.amodel_turn(
                ctx, request, record, model=model_name(self.inner), charge=self.charge, view=VIEW
            )
        except errors.BudgetExceeded as exc:
            if output_schema is not None and not output_schema.is_plain_text():
                raise
            return _stop_message(exc.reason)
        return response_from_json(recorded)

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
        if context.current() is not None:
            # A stream cannot be replayed event by event; a decision is the whole response.
            raise errors.InvalidArgument(
                "inside a tape run, use Runner.run (tape records whole model responses); "
                "Runner.run_streamed is not supported"
            )
        return self.inner.stream_response(
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            tracing,
            previous_response_id=previous_response_id,
            conversation_id=conversation_id,
            prompt=prompt,
        )

    async def close(self) -> None:
        await self.inner.close()


def durable_model(model: Model, *, charge: Charge | None = None) -> TapeModel:
    """``model`` as a :class:`TapeModel` (a TapeModel is returned as it is)."""
    return model if isinstance(model, TapeModel) else TapeModel(model, charge=charge)


class TapeModelProvider(ModelProvider):
    """Looks models up in ``inner`` (default: the SDK's ``MultiProvider``) and returns each as
    a :class:`TapeModel`; set it as ``RunConfig(model_provider=...)``."""

    def __init__(self, inner: ModelProvider | None = None, *, charge: Charge | None = None) -> None:
        self.inner = inner if inner is not None else MultiProvider()
        self.charge = charge
        self._models: dict[str | None, TapeModel] = {}

    def get_model(self, model_name: str | None) -> Model:
        found = self._models.get(model_name)
        if found is None:
            found = durable_model(self.inner.get_model(model_name), charge=self.charge)
            self._models[model_name] = found
        return found

    async def aclose(self) -> None:
        await self.inner.aclose()
