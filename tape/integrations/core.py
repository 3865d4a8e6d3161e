"""The one seam every agent-framework adapter stands on: decisions and tool calls by position.

A framework agent (Google ADK, OpenAI Agents SDK, LangGraph, Pydantic AI) runs inside a tape
agent attempt. After a crash, recovery re-drives the run and the framework's code runs again
from the top; what makes that safe is that every model call and every tool call finds its place
in the journal by *position*, never by an id the framework or the model mints afresh:

- the n-th model call of the run is decision ``n`` (:func:`model_turn`): recorded once, then
  replayed without calling the model. An adapter that gives a :class:`RequestView` (a stable
  view of its request, without the ids and timestamps its framework mints per attempt) has
  each replay compared with what was recorded: a changed prompt stops the run STUCK
  ``divergence`` (every adapter tape ships gives one);
- the p-th tool call of decision ``d`` is the effect ``<run>/decision-<d>/<tool>/<p>``
  (:func:`begin_tool` / :func:`finish_tool`, or :func:`run_tool`): CONFIRMED once, then
  short-circuited without running the tool. Adapters rewrite the framework's call ids to
  :func:`call_id` before a decision is recorded, so every replay sees the same ids.

Tools declared with ``@tape.effect`` or ``@tape.outbox_tool`` keep their declaration (connector,
semantics, compensation, outbox dispatch, human gate); any other tool is an inline idempotent
effect, re-run under the same key if the process died mid-call (non-idempotent calls belong in
the outbox). This module holds no framework types: adapters serialise to JSON and back.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from tape import bridge, errors, hooks, reconciled
from tape.agents import context
from tape.agents.context import RunContext
from tape.agents.outbox import OutboxTool
from tape.agents.tools import (
    EffectTool,
    begin_call,
    fail_call,
    finish_call,
    jsonable,
    keyed,
)
from tape.agents.tools import (
    ToolCall as ToolCall,  # re-exported: adapters hold one between begin and finish
)

T = TypeVar("T")
Charge = Callable[[Any], tuple[int, float]]

_CALL_ID = re.compile(r"^tape-[0-9a-f]{8}-(\d+)-(\d+)$")


def require_run(framework: str) -> RunContext:
    """The current tape run's context.

    Raises:
        NotInRun: called outside a tape agent attempt.
    """
    ctx = context.current()
    if ctx is None:
        raise errors.NotInRun(
            f"the tape {framework} integration runs only inside a tape agent run "
            "(an @tape.agent function driven by a worker, or Agent.drive); there is no journal "
            "to replay from here"
        )
    return ctx


def next_decision_index(ctx: RunContext) -> int:
    """The index the next :func:`model_turn` records at (or replays from)."""
    return ctx.decisions


def call_id(ctx: RunContext, decision_index: int, position: int) -> str:
    """A tool-call id that is the same on every attempt: the ``position``-th call of
    decision ``decision_index`` of this run."""
    run = hashlib.sha256(ctx.run_id.encode()).hexdigest()[:8]
    return f"tape-{run}-{decision_index}-{position}"


def parse_call_id(text: str) -> tuple[int, int] | None:
    """``(decision_index, position)`` of an id made by :func:`call_id`, else None."""
    match = _CALL_ID.match(text or "")
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2))


def admit(ctx: RunContext) -> str:
    """``""`` when the run's budget admits another call, else the refusal's reason."""
    result = ctx.journal.admit_budget(run_id=ctx.run_id)
    return "" if result.admitted else (result.reason or "budget exhausted")


def budget_model_message(reason: str) -> str:
    """What a model refused by the budget answers (upstream Tape's text)."""
    return f"[tape] stopping: {reason}"


def budget_tool_error(reason: str) -> dict[str, str]:
    """What a tool refused by the budget returns (upstream Tape's shape)."""
    return {"error": f"tape: budget exhausted — {reason}"}


@dataclass(frozen=True)
class RequestView:
    """A framework adapter's stable view of its model requests, for the decision check.

    Adapters' requests carry what changes on every attempt without the question changing
    (fresh message ids, timestamps, run ids). ``of(request)`` keeps what the model is asked
    (roles, contents, tool calls, tool names) as a JSON object; it is what the journal records
    as the decision's request, tagged ``{"view": name}``, and what a replay compares
    (:meth:`RunContext.replay_decision`). Bump ``name`` when ``of`` changes: decisions
    recorded under another view (or none) are replayed by position only.
    """

    name: str
    of: Callable[[Any], dict[str, Any]]

    def request(self, raw: Any) -> dict[str, Any]:
        """What is recorded and compared for ``raw``."""
        return {"view": self.name, **jsonable(self.of(raw))}


def model_turn(
    ctx: RunContext,
    request: Any,
    call: Callable[[], Any],
    *,
    model: str = "",
    charge: Charge | None = None,
    begun: context.BegunCall | None = None,
    view: RequestView | None = None,
) -> Any:
    """One decision at the next position: the recorded response, or ``call()`` recorded.

    The call is journaled as begun before ``call()`` (:meth:`RunContext.model_call`); an
    adapter whose framework calls the model between two callbacks begins it in the first
    (:meth:`RunContext.begin_model_call`) and passes ``begun`` here.

    ``request``/``call()`` are JSON data (adapters serialise the framework's types); the
    return value is what the journal holds, which every replay also gets. ``charge`` reads
    ``(tokens, usd)`` from a response (default: :func:`tape.llm.base.usage_of`).

    Raises:
        BudgetExceeded: the budget refused the call (``.reason`` says which cap).
        StaleLease: this attempt was fenced off by a takeover.
    """
    found, recorded, asked = _replay(ctx, request, model, view)
    if found:
        return recorded
    if begun is None:
        ctx.admit_decision()
    with ctx.model_call(asked, model=model, begun=begun):
        response = call()
    return ctx.record_decision(asked, jsonable(response), model=model, charge=charge)


def _replay(
    ctx: RunContext, request: Any, model: str, view: RequestView | None
) -> tuple[bool, Any, Any]:
    """``(found, recorded response, the request as journaled)``. Without a ``view`` the
    decision is replayed by position only: an adapter's raw request carries fresh ids and
    timestamps on every attempt, so its digest would differ without a change."""
    if view is None:
        found, recorded = ctx.replay_decision()
        return found, recorded, jsonable(request)
    asked = view.request(request)
    found, recorded = ctx.replay_decision(asked, model=model, view=view.name)
    return found, recorded, asked


async def amodel_turn(
    ctx: RunContext,
    request: Any,
    call: Callable[[], Awaitable[Any]],
    *,
    model: str = "",
    charge: Charge | None = None,
    view: RequestView | None = None,
) -> Any:
    """:func:`model_turn` for an async model call."""
    found, recorded, asked = _replay(ctx, request, model, view)
    if found:
        return recorded
    ctx.admit_decision()
    with ctx.model_call(asked, model=model):
        response = await call()
    return ctx.record_decision(asked, jsonable(response), model=model, charge=charge)


def begin_tool(
    ctx: RunContext,
    name: str,
    arguments: dict[str, Any],
    *,
    decision_index: int,
    position: int,
    tool: object | None = None,
) -> ToolCall:
    """Journal the ``position``-th call of decision ``decision_index`` before it runs.

    ``tool`` is the ``@tape.effect`` / ``@tape.outbox_tool`` object behind the framework's
    tool, when there is one. An outbox tool is settled here: journaled PENDING+OUTBOX for the
    dispatcher (never run inline), and, when it waits for its result, the run parks until the
    result (``Parked`` ends the attempt). Otherwise the call is begun as ``@tape.effect``
    begins its own (:func:`tape.agents.tools.begin_call`).

    Raises:
        EffectFailed: the call was recorded FAILED (a replay, or an outbox result).
    """
    if isinstance(tool, OutboxTool):
        result = tool._in_run(
            ctx, (), dict(arguments), call_index=position, decision_index=decision_index
        )
        return ToolCall(name, "", None, settled=True, result=for_model(result))
    hooks.before_tool(name)
    call = begin_call(
        ctx,
        name,
        jsonable(arguments),
        decision_index=decision_index,
        call_index=position,
        tool=tool if isinstance(tool, EffectTool) else None,
        pinned=True,
    )
    if call.settled:
        call.result = for_model(call.result)
        hooks.after_tool(name)
    return call


def for_model(result: Any) -> Any:
    """A tool's recorded result as a framework hands it to its model: JSON data (a
    :class:`tape.Reconciled` as its JSON marker, :mod:`tape.reconciled`)."""
    return jsonable(result) if isinstance(result, reconciled.Reconciled) else result


def finish_tool(ctx: RunContext, call: ToolCall, result: Any) -> Any:
    """Record a begun call CONFIRMED with its result and return the recorded result (use
    it); an inverse its tool owes is registered in the same transaction."""
    recorded = finish_call(ctx, call, result)
    hooks.after_tool(call.name)
    return recorded


def fail_tool(ctx: RunContext, call: ToolCall, exc: BaseException) -> None:
    """Record a begun call's failure: UNKNOWN on ``AckLost`` (reconciled, never retried
    blindly), FAILED otherwise."""
    fail_call(ctx, call, exc)
    hooks.after_tool(call.name, exc)


def run_tool(
    ctx: RunContext,
    name: str,
    arguments: dict[str, Any],
    body: Callable[[], Any],
    *,
    decision_index: int,
    position: int,
    tool: object | None = None,
) -> Any:
    """:func:`begin_tool`, then ``body()`` unless settled, then finish or fail.

    An ``@tape.effect`` tool is called through its own declaration (its retry policy and
    :func:`tape.current_effect_key` apply) at this position, and ``body`` is not used: calling
    the tool object from ``body`` would journal the call a second time.
    """
    if isinstance(tool, EffectTool):
        return for_model(
            tool._in_run(
                ctx, (), dict(arguments), call_index=position, decision_index=decision_index
            )
        )
    call = begin_tool(
        ctx, name, arguments, decision_index=decision_index, position=position, tool=tool
    )
    if call.settled:
        return call.result
    try:
        with keyed(call.key):
            result = body()
    except Exception as exc:
        fail_tool(ctx, call, exc)
        raise
    return finish_tool(ctx, call, result)


async def arun_tool(
    ctx: RunContext,
    name: str,
    arguments: dict[str, Any],
    body: Callable[[], Awaitable[Any]],
    *,
    decision_index: int,
    position: int,
    tool: object | None = None,
) -> Any:
    """:func:`run_tool` for an async tool body (an ``@tape.effect`` tool runs as there)."""
    if isinstance(tool, EffectTool):
        return for_model(
            tool._in_run(
                ctx, (), dict(arguments), call_index=position, decision_index=decision_index
            )
        )
    call = begin_tool(
        ctx, name, arguments, decision_index=decision_index, position=position, tool=tool
    )
    if call.settled:
        return call.result
    try:
        with keyed(call.key):
            result = await body()
    except Exception as exc:
        fail_tool(ctx, call, exc)
        raise
    return finish_tool(ctx, call, result)


def run_coroutine(coro: Coroutine[Any, Any, T]) -> T:
    """Run an async framework's coroutine to completion from a sync agent body.

    It runs on the process's one long-lived event loop (:func:`tape.bridge.run_sync`): the
    caller's context variables, the run context among them, are carried in; ``Parked`` and
    every other exception propagate unchanged.
    """
    return bridge.run_sync(coro)
