"""``TapePlugin``: an ADK ``BasePlugin`` that journals an agent's model turns and tool calls.

Callbacks, mapped as upstream Tape maps them (docs/frameworks.md):

================  ===========================================================================
before_run        begin or re-attach the run (inside a tape agent: the agent's run) and set
                  its budget (the constructor's, or ``with_budget(...)`` in the run config)
before_model      a decision already recorded at this position is returned as the
                  ``LlmResponse`` (the model is not called); else admit the budget (a refusal
                  answers ``"[tape] stopping: <reason>"``)
after_model       give the function calls deterministic ids, record the decision (first write
                  wins: the recorded response is what ADK goes on with), charge its tokens
                  (and USD with ``prices``)
before_tool       admit the budget, journal the call as an effect; a CONFIRMED one returns its
                  recorded result without running the tool; an ``@tape.outbox_tool`` is sent
                  by the dispatcher (never inline) and the run parks until its result
after_tool        record the result CONFIRMED (and its compensation, when declared)
on_tool_error     UNKNOWN on ``tape.AckLost`` (the call may have landed), FAILED otherwise
after_run         end the run TERMINAL (only a run this plugin began itself)
================  ===========================================================================

Inside a tape agent (``durable_app``) the plugin journals into the agent's run: the agent
task owns the lease and ends the run. With a bare ``Runner`` the plugin begins the run for the
invocation itself (``app_name, user_id, session_id, invocation_id``); running the same
invocation id again replays it.

ADK's own resumability must stay off: the journal is the one record of what happened.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import uuid
import weakref
from collections.abc import Mapping
from contextvars import Token
from dataclasses import dataclass, field
from typing import Any

from google.adk.agents.callback_context import CallbackContext
from google.adk.agents.invocation_context import InvocationContext
from google.adk.agents.run_config import RunConfig
from google.adk.models.llm_request import LlmRequest
from google.adk.models.llm_response import LlmResponse
from google.adk.plugins.base_plugin import BasePlugin
from google.adk.tools.base_tool import BaseTool
from google.adk.tools.tool_context import ToolContext
from google.genai import types

from tape import errors, keys, runtime
from tape.agents import context, tools
from tape.agents.context import Budget, RunContext
from tape.agents.outbox import OutboxTool
from tape.agents.tools import EffectTool
from tape.enums import RunStatus
from tape.integrations import core
from tape.integrations.adk import convert
from tape.journal import Journal

logger = logging.getLogger(__name__)

FRAMEWORK = "adk"
BUDGET_KEY = "tape_budget"
#: A gate tool's function carries this attribute (see :func:`tape.integrations.adk.gate_tool`).
GATE_ATTRIBUTE = "_tape_gate"
DEFAULT_LEASE_MS = 120_000

#: USD per million (prompt, candidate) tokens, by model name; ``"*"`` for any model.
Prices = Mapping[str, tuple[float, float]]


def with_budget(usd_cap: float = 0.0, token_cap: int = 0, **run_config: Any) -> RunConfig:
    """A ``RunConfig`` carrying a budget for the run (read by :class:`TapePlugin`)."""
    metadata = dict(run_config.pop("custom_metadata", None) or {})
    metadata[BUDGET_KEY] = {"usd_cap": float(usd_cap), "token_cap": int(token_cap)}
    return RunConfig(custom_metadata=metadata, **run_config)


@dataclass
class _Pending:
    """A tool call journaled before it runs, until its outcome is recorded."""

    call: core.ToolCall
    key_token: Token[str]
    run_token: Token[RunContext | None] | None = None


#: The decision check's view of an ADK request (tape.integrations.core.RequestView).
VIEW = core.RequestView("adk-1", convert.stable_request)


@dataclass
class _Invocation:
    ctx: RunContext
    owned: bool  # the plugin began the run (a bare Runner), so it ends it
    run_token: Token[RunContext | None] | None = None
    request: Any = None
    begun: context.BegunCall | None = None  # the model call journaled as begun, if any
    pending: dict[str, _Pending] = field(default_factory=dict)


class TapePlugin(BasePlugin):
    """Make an ADK agent's model turns and tool calls durable (see the module docstring).

    Args:
        journal: where runs are journaled; default: this process's (``TAPE_DATABASE_URL``).
        budget: caps for every run (``Budget(usd_cap=, token_cap=)``); a run config made with
            :func:`with_budget` overrides it.
        prices: USD per million (prompt, candidate) tokens by model name (``"*"``: any), so
            model turns charge USD as well as tokens.
        lease_ttl_ms: the lease of a run this plugin begins itself (env ``TAPE_LEASE_MS``).
        name: the plugin's name in the runner.
    """

    def __init__(
        self,
        *,
        journal: Journal | None = None,
        budget: Budget | None = None,
        prices: Prices | None = None,
        lease_ttl_ms: int | None = None,
        name: str = "tape",
    ) -> None:
        super().__init__(name=name)
        self._journal = journal
        self.budget = budget
        self.prices = dict(prices or {})
        self.lease_ttl_ms = lease_ttl_ms or int(os.environ.get("TAPE_LEASE_MS", DEFAULT_LEASE_MS))
        self._invocations: dict[str, _Invocation] = {}
        # Runs this plugin began itself. A gate that parked one ended its invocation with a
        # BaseException (no ADK callback runs then), leaving it current in the caller's
        # context: it must not be taken for a tape agent's run by the next invocation.
        self._begun: weakref.WeakSet[RunContext] = weakref.WeakSet()

    # -- run -------------------------------------------------------------------------------

    async def before_run_callback(
        self, *, invocation_context: InvocationContext
    ) -> types.Content | None:
        ic = invocation_context
        if ic.resumability_config is not None and ic.resumability_config.is_resumable:
            raise errors.ConfigurationError(
                "ADK resumability must be off for an app that uses TapePlugin: the tape journal "
                "is the record a re-driven invocation replays (ADK's own resume re-runs tools)"
            )
        ctx = context.current()
        if ctx in self._begun:
            ctx = None
        owned = ctx is None
        if ctx is None:
            ctx, refusal = self._begin(ic)
            if refusal:
                return types.Content(role="model", parts=[types.Part(text=refusal)])
            self._begun.add(ctx)
        invocation = _Invocation(ctx, owned)
        if owned:
            invocation.run_token = context.activate(ctx)
        self._invocations[ic.invocation_id] = invocation
        budget = self._budget_of(ic.run_config)
        if budget is not None:
            ctx.set_budget(budget.usd_cap, budget.token_cap)
        return None

    def _begin(self, ic: InvocationContext) -> tuple[RunContext, str]:
        journal = self._journal or runtime.journal()
        owner = f"adk:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        parts = ic.user_content.parts if ic.user_content is not None else None
        message = "".join(part.text or "" for part in parts or [])
        begun = journal.begin_run(
            app_name=ic.app_name,
            user_id=ic.user_id,
            session_id=ic.session.id,
            invocation_id=ic.invocation_id,
            lease_owner=owner,
            lease_ttl_ms=self.lease_ttl_ms,
            # What a durable_app's agent task needs to re-drive the invocation.
            input_json={"message": message},
        )
        ctx = RunContext(
            journal, begun.run_id, begun.lease_epoch, owner, lease_ttl_ms=self.lease_ttl_ms
        )
        if begun.lease_epoch == 0:
            return ctx, f"[tape] run {begun.run_id} is {begun.status.name}; nothing to do"
        return ctx, ""

    def _budget_of(self, run_config: RunConfig | None) -> Budget | None:
        metadata = (run_config.custom_metadata if run_config is not None else None) or {}
        given = metadata.get(BUDGET_KEY)
        if isinstance(given, Mapping):
            return Budget(float(given.get("usd_cap", 0)), int(given.get("token_cap", 0)))
        return self.budget

    async def after_run_callback(self, *, invocation_context: InvocationContext) -> None:
        invocation = self._invocations.pop(invocation_context.invocation_id, None)
        if invocation is None or not invocation.owned:
            return
        self._release(invocation)
        ctx = invocation.ctx
        try:
            ctx.journal.end_run(
                run_id=ctx.run_id,
                status=RunStatus.TERMINAL,
                detail_json={"invocation_id": invocation_context.invocation_id},
                lease_epoch=ctx.lease_epoch,
            )
        except (errors.LeaseError, errors.IllegalTransition) as exc:
            logger.warning("run %s not ended: %s", ctx.run_id, exc)

    async def on_run_error_callback(
        self, *, invocation_context: InvocationContext, error: Exception
    ) -> None:
        invocation = self._invocations.pop(invocation_context.invocation_id, None)
        if invocation is None or not invocation.owned:
            return
        self._release(invocation)
        ctx = invocation.ctx
        try:
            ctx.journal.end_run(
                run_id=ctx.run_id,
                status=RunStatus.FAILED,
                detail_json={"error": tools.error_of(error)},
                lease_epoch=ctx.lease_epoch,
            )
        except (errors.LeaseError, errors.IllegalTransition) as exc:
            logger.warning("run %s not ended: %s", ctx.run_id, exc)

    def forget(self, invocation_id: str) -> None:
        """Drop what the plugin keeps for an invocation that ended without ``after_run``
        (a gate or an outbox wait parked it: tape's ``Parked`` ends it as a BaseException)."""
        invocation = self._invocations.pop(invocation_id, None)
        if invocation is not None:
            self._release(invocation)

    def _release(self, invocation: _Invocation) -> None:
        if invocation.run_token is not None:
            # A reset from another context raises: then nothing of ours is left set there.
            with contextlib.suppress(ValueError):
                context.deactivate(invocation.run_token)

    def _find(self, invocation_id: str) -> _Invocation | None:
        invocation = self._invocations.get(invocation_id)
        if invocation is not None and invocation.owned:
            invocation.ctx.heartbeat()  # a run this plugin began has no heartbeat thread
        return invocation

    # -- model -----------------------------------------------------------------------------

    async def before_model_callback(
        self, *, callback_context: CallbackContext, llm_request: LlmRequest
    ) -> LlmResponse | None:
        invocation = self._find(callback_context.invocation_id)
        if invocation is None:
            return None
        ctx = invocation.ctx
        request = convert.request_json(llm_request)
        model = request["model"]
        found, recorded = ctx.replay_decision(VIEW.request(request), model=model, view=VIEW.name)
        if found:
            logger.info(
                "decision %d replayed from the journal",
                ctx.decisions - 1,
                extra={"action": "decision-replayed", "run_id": ctx.run_id},
            )
            return convert.response_of(recorded)
        reason = core.admit(ctx)
        if reason:
            return convert.text_response(core.budget_model_message(reason))
        invocation.request = request
        # ADK calls the model after this callback: the call is journaled as begun here.
        try:
            invocation.begun = ctx.begin_model_call(VIEW.request(request), model=model)
        except errors.BudgetExceeded as exc:
            return convert.text_response(core.budget_model_message(exc.reason))
        return None

    async def after_model_callback(
        self, *, callback_context: CallbackContext, llm_response: LlmResponse
    ) -> LlmResponse | None:
        invocation = self._find(callback_context.invocation_id)
        if invocation is None or llm_response.partial:
            return None
        ctx = invocation.ctx
        decision = core.next_decision_index(ctx)
        convert.pin_call_ids(ctx, llm_response, decision)
        response = convert.response_json(llm_response)
        request = invocation.request or {}
        recorded = core.model_turn(
            ctx,
            request,
            lambda: response,
            # the model asked (the request's), as the replay compares it; the answering
            # version is in the response (and priced from there)
            model=str(request.get("model", "")),
            charge=self._charge,
            begun=invocation.begun,
            view=VIEW,
        )
        invocation.request = None
        invocation.begun = None
        return llm_response if recorded == response else convert.response_of(recorded)

    def _charge(self, response: Any) -> tuple[int, float]:
        total, prompt, candidates = convert.usage(response)
        model = str(response.get("model_version") or "") if isinstance(response, dict) else ""
        price = self.prices.get(model) or self.prices.get("*")
        usd = (prompt * price[0] + candidates * price[1]) / 1e6 if price else 0.0
        return total, usd

    # -- tools -----------------------------------------------------------------------------

    async def before_tool_callback(
        self, *, tool: BaseTool, tool_args: dict[str, Any], tool_context: ToolContext
    ) -> dict[str, Any] | None:
        invocation = self._find(tool_context.invocation_id)
        func = getattr(tool, "func", None)
        if invocation is None or getattr(func, GATE_ATTRIBUTE, None):
            return None  # a gate is no effect: its function parks the run until the signal
        ctx = invocation.ctx
        position = convert.parse_call_id(tool_context.function_call_id)
        decision, index = position or (ctx.decision_index, ctx.next_call_index(tool.name))
        declared = func if isinstance(func, EffectTool | OutboxTool) else None
        key = keys.idempotency_key(ctx.run_id, decision, tool.name, index)
        if ctx.journal.get_effect(run_id=ctx.run_id, idempotency_key=key) is None:
            reason = core.admit(ctx)
            if reason:
                return core.budget_tool_error(reason)
        call = core.begin_tool(
            ctx, tool.name, tool_args, decision_index=decision, position=index, tool=declared
        )
        if call.settled:
            return _as_response(call.result)
        pending = _Pending(call, tools._effect_key.set(call.key))
        if isinstance(declared, EffectTool):
            # ADK calls the EffectTool next; this journal entry is its call, so its body runs
            # as a plain function rather than journaling itself a second time.
            pending.run_token = context._current.set(None)
        invocation.pending[_pending_key(tool_context, tool)] = pending
        return None

    async def after_tool_callback(
        self,
        *,
        tool: BaseTool,
        tool_args: dict[str, Any],
        tool_context: ToolContext,
        result: dict[str, Any],
    ) -> dict[str, Any] | None:
        pending = self._take(tool_context, tool)
        if pending is None:
            return None  # short-circuited, or not under tape
        ctx = self._invocations[tool_context.invocation_id].ctx
        recorded = core.finish_tool(ctx, pending.call, result)
        return None if recorded == result else _as_response(recorded)

    async def on_tool_error_callback(
        self,
        *,
        tool: BaseTool,
        tool_args: dict[str, Any],
        tool_context: ToolContext,
        error: Exception,
    ) -> dict[str, Any] | None:
        pending = self._take(tool_context, tool)
        if pending is None or not isinstance(error, Exception):
            # A cancelled call (CancelledError is no Exception) stays PENDING: it may have
            # run; a replay runs it again under the same key.
            return None
        core.fail_tool(self._invocations[tool_context.invocation_id].ctx, pending.call, error)
        return None

    def _take(self, tool_context: ToolContext, tool: BaseTool) -> _Pending | None:
        invocation = self._invocations.get(tool_context.invocation_id)
        if invocation is None:
            return None
        pending = invocation.pending.pop(_pending_key(tool_context, tool), None)
        if pending is not None:
            if pending.run_token is not None:
                context._current.reset(pending.run_token)
            tools._effect_key.reset(pending.key_token)
        return pending


def _pending_key(tool_context: ToolContext, tool: BaseTool) -> str:
    return tool_context.function_call_id or f"{tool.name}:{id(tool_context)}"


def _as_response(result: Any) -> dict[str, Any]:
    """A recorded result as ADK's function response (a non-dict under ``"result"``, as ADK
    wraps what a function tool returns; a ``tape.Reconciled`` as its JSON marker)."""
    result = tools.jsonable(result)
    return result if isinstance(result, dict) else {"result": result}
