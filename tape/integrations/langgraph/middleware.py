"""``TapeMiddleware``: a LangChain agent (``create_agent``) made durable at its own seams.

``wrap_model_call`` makes every model call a decision (recorded once, replayed by position on
every later attempt, tool-call ids made deterministic); ``wrap_tool_call`` makes every tool call
an effect keyed by its place in that decision. A budget that refuses a model call ends the agent
loop with an ``AIMessage`` saying why (``[tape] stopping: <reason>``), no tool calls.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain.agents.middleware.types import ExtendedModelResponse
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langgraph.prebuilt.tool_node import ToolCallRequest
from langgraph.types import Command
from pydantic import BaseModel

from tape import errors
from tape.integrations.langgraph import _model, _tools

Handler = Callable[[ModelRequest], Any]
AsyncHandler = Callable[[ModelRequest], Awaitable[Any]]


def _answer(result: Any) -> tuple[list[BaseMessage], Any]:
    """(messages, structured response as JSON) of whatever the inner handler returned."""
    if isinstance(result, ExtendedModelResponse):
        result = result.model_response
    if isinstance(result, AIMessage):
        return [result], None
    structured = result.structured_response
    if isinstance(structured, BaseModel):
        structured = structured.model_dump(mode="json")
    return list(result.result), structured


def _conversation(request: ModelRequest) -> list[BaseMessage]:
    system = [request.system_message] if request.system_message is not None else []
    return [*system, *request.messages]


class TapeMiddleware(AgentMiddleware):
    """Make a ``create_agent`` agent durable on tape: add it to ``middleware=[...]``.

    The agent must run inside an ``@tape.agent`` function (a worker drives it; recovery
    re-drives it after a crash, and the graph runs again from the top, replaying).
    """

    def wrap_model_call(self, request: ModelRequest, handler: Handler) -> ModelResponse:
        try:
            answer, structured = _model.decide(
                _conversation(request),
                request.tools,
                lambda: _answer(handler(request)),
                model=_model.model_name(request.model),
            )
        except errors.BudgetExceeded as exc:
            return ModelResponse(result=[_model.budget_stop(exc)])
        return ModelResponse(result=answer, structured_response=structured)

    async def awrap_model_call(self, request: ModelRequest, handler: AsyncHandler) -> ModelResponse:
        async def ask() -> tuple[list[BaseMessage], Any]:
            return _answer(await handler(request))

        try:
            answer, structured = await _model.adecide(
                _conversation(request), request.tools, ask, model=_model.model_name(request.model)
            )
        except errors.BudgetExceeded as exc:
            return ModelResponse(result=[_model.budget_stop(exc)])
        return ModelResponse(result=answer, structured_response=structured)

    def wrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], ToolMessage | Command[Any]],
    ) -> ToolMessage:
        return _tools.call_tool(request, handler)

    async def awrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], Awaitable[ToolMessage | Command[Any]]],
    ) -> ToolMessage:
        return await _tools.acall_tool(request, handler)
