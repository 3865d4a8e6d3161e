"""Inline effect tools (``@tape.effect``), and what effect tools share (``.delay``, waiting).

Inside a run, calling an effect tool journals it first (``begin_effect`` with the key
``<run>/decision-<i>/<tool>/<call>``). A CONFIRMED effect is short-circuited: its recorded
response is returned and the body is skipped. A PENDING one (the earlier attempt died before
the outcome was written), or an UNKNOWN one, runs the body again with the same key, which is
why inline tools must be idempotent on their key (:func:`current_effect_key`); non-idempotent
calls belong in the outbox. A ``retry`` policy calls the body again under the same key. When
the tool declares ``compensate``, confirming the call registers its compensation obligation
in the same transaction. Outside a run the body is simply called.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, ParamSpec, TypeVar

from tape import errors, hooks, keys, reconciled, registry, runtime
from tape.agents import context
from tape.agents import crash as crash  # importing it arms TAPE_CRASH_AT (read once) as a hook
from tape.agents import retry as retries
from tape.agents.context import RunContext
from tape.enqueue import enqueue as enqueue_outbox
from tape.enums import DispatchMode, EffectSemantics, EffectStatus
from tape.records import EffectRecord

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
KeyFrom = Callable[[dict[str, Any], RunContext], str]
CompensationPayload = Callable[[dict[str, Any], Any], Any]
_effect_key: contextvars.ContextVar[str] = contextvars.ContextVar("tape_effect_key", default="")


def current_effect_key() -> str:
    """Inside an inline effect body, the idempotency key tape minted for this call; pass it to
    the counterparty. The same on every retry and every replay; ``""`` elsewhere."""
    return _effect_key.get()


@contextlib.contextmanager
def keyed(key: str) -> Iterator[None]:
    """Inside the block, :func:`current_effect_key` is ``key`` (the call being made)."""
    token = _effect_key.set(key)
    try:
        yield
    finally:
        _effect_key.reset(token)


def compensation_payload_of(
    arguments: dict[str, Any], result: Any, build: CompensationPayload | None
) -> Any:
    """What the inverse of a confirmed call is called with: ``build(arguments, result)``, else
    ``{**arguments, **result}`` (a non-dict result under ``"result"``), as upstream Tape does."""
    if build is not None:
        return jsonable(build(arguments, result))
    if isinstance(result, dict):
        return {**arguments, **result}
    return {**arguments, "result": result}


def bound_arguments(fn: Callable[..., Any], args: Any, kwargs: Any) -> dict[str, Any]:
    """The call's arguments by name, defaults included."""
    bound = inspect.signature(fn).bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def jsonable(value: Any) -> Any:
    """``value`` as JSON data; what JSON cannot hold is journaled as its ``repr`` (tape's own
    values, a :class:`tape.Reconciled`, as their JSON form)."""
    return json.loads(json.dumps(value, default=json_default))


def json_default(value: Any) -> Any:
    """``json.dumps(default=...)`` for journaled values: tape's own values (``__tape_json__``)
    as their JSON form, anything else as its ``repr``."""
    encode = getattr(value, "__tape_json__", None)
    return encode() if callable(encode) else repr(value)


def json_text(value: Any) -> str:
    """``value`` (JSON data) as JSON text. The journal reads a ``str`` argument as JSON
    text, so a tool that returns a plain string is journaled as that string this way."""
    return json.dumps(value)


def error_of(exc: BaseException) -> dict[str, str]:
    return {"type": type(exc).__name__, "message": str(exc)}


def register_hooks(tool: str, status_check: Any, compensate: Any) -> str:
    """Register a tool's status check and compensator; returns the compensate kind (the
    compensator's ``module:qualname``, so same-named inverses never stand for each other)."""
    if status_check is not None:
        registry.register_status_check(tool, status_check)
    if compensate is None:
        return ""
    return registry.register_tool_compensator(compensate)


def settle_outbox(ctx: RunContext, effect: EffectRecord, *, wait: bool) -> Any:
    """What an outbox tool call returns inside a run, given its journaled effect.

    CONFIRMED → its response; FAILED → :class:`~tape.errors.EffectFailed`; otherwise either
    ``{"status": "pending", ...}`` (not waiting) or the run parks on ``effect:<key>`` and is
    released when the effect becomes final (then re-driven, and this call replays).
    """
    if effect.status not in (EffectStatus.CONFIRMED, EffectStatus.FAILED):
        if not wait:
            return {"status": "pending", "idempotency_key": effect.idempotency_key}
        ctx.await_gate(f"effect:{effect.idempotency_key}")
        found = ctx.journal.get_effect(run_id=effect.run_id, idempotency_key=effect.idempotency_key)
        assert found is not None, "an effect the run waited on exists"
        effect = found
    if effect.status == EffectStatus.FAILED:
        raise errors.EffectFailed(
            f"effect {effect.tool_name!r} ({effect.idempotency_key}) FAILED: {effect.error_json}",
            effect.idempotency_key,
            effect.error,
        )
    if effect.status != EffectStatus.CONFIRMED:
        # The gate was delivered but the effect is not final: only an operator's hand can do
        # this; wait again rather than guess.
        ctx.await_gate(f"effect:{effect.idempotency_key}")
    logger.info(
        "effect %s confirmed",
        effect.tool_name,
        extra={
            "action": "effect-confirmed",
            "run_id": effect.run_id,
            "effect_key": effect.idempotency_key,
        },
    )
    hooks.after_complete_effect(effect.tool_name, effect.idempotency_key)
    # a call confirmed by a reconciler's look without its answer: tape.Reconciled
    return reconciled.from_response(effect.response)


def delay_effect(
    *, tool: str, run_id: str, payload: Any, connector: str, **begin: Any
) -> EffectRecord:
    """Journal a tool call PENDING+OUTBOX and hint the dispatcher; never waits.

    Inside the run itself the key follows the run's decision and call counters (replay finds
    the same effect); from outside, the journal allocates the next free no-decision call index
    of this tool in the transaction that inserts the effect, so concurrent callers never share
    a key.
    """
    ctx = context.current()
    run_id = run_id or (ctx.run_id if ctx is not None else "")
    if not run_id:
        raise errors.InvalidArgument(f"{tool}.delay() needs run_id= outside a run")
    if ctx is not None and ctx.run_id == run_id:
        journal = ctx.journal
        decision_index, call_index = ctx.decision_index, ctx.next_call_index(tool)
        begin["lease_epoch"] = ctx.lease_epoch
        accepted = ctx.check_call(
            tool, payload, decision_index=decision_index, call_index=call_index
        )
        if accepted is not None:
            return accepted
    else:
        journal = runtime.journal()
        decision_index, call_index = -1, keys.NEXT_CALL_INDEX
    return enqueue_outbox(
        journal=journal,
        run_id=run_id,
        decision_index=decision_index,
        tool_name=tool,
        call_index=call_index,
        request_json=payload,
        connector=connector,
        **begin,
    )


@dataclass
class ToolCall:
    """One tool call journaled as an effect, between :func:`begin_call` and its
    :func:`finish_call` / :func:`fail_call`.

    ``settled`` means the outcome is already known (a CONFIRMED replay, a FAILED one, or an
    outbox result): the tool must not run, and ``result`` is what it returns.
    """

    name: str
    key: str
    effect: EffectRecord | None
    settled: bool
    result: Any = None
    request: Any = None
    tool: EffectTool[Any, Any] | None = field(default=None, repr=False)


def begin_call(
    ctx: RunContext,
    name: str,
    request: Any,
    *,
    decision_index: int,
    call_index: int,
    tool: EffectTool[Any, Any] | None = None,
    pinned: bool = False,
) -> ToolCall:
    """Journal the call ``name(request)`` at its position before it runs (``begin_effect``);
    settle it when its outcome is already known.

    ``tool`` is the call's ``@tape.effect`` declaration, if it has one (its key, connector,
    scope and compensation); without one the call is a plain inline idempotent effect.
    ``pinned``: the caller fixed the position (a framework's call, see
    :meth:`RunContext.check_call`).

    Raises:
        EffectFailed: the call was recorded FAILED (a replay, or an outbox result).
        Diverged: another call was recorded at this position, or another run holds this
            business key for another request (the run is STUCK).
    """
    custom_key = tool.key_from(request, ctx) if tool and tool.key_from else ""
    accepted = ctx.check_call(
        name,
        request,
        decision_index=decision_index,
        call_index=call_index,
        custom_key=custom_key,
        pinned=pinned,
    )
    try:
        effect = accepted or ctx.journal.begin_effect(
            run_id=ctx.run_id,
            decision_index=decision_index,
            tool_name=name,
            call_index=call_index,
            request_json=request,
            custom_key=custom_key,
            connector=tool.connector if tool else "",
            scope=tool.scope if tool else "",
            compensate_kind=tool.compensate_kind if tool else "",
            lease_epoch=ctx.lease_epoch,
            match=tool.match if tool else None,
        )
    except errors.RequestMismatch as exc:
        # Another call was recorded at this position: never answered from the journal
        # unless an operator accepted it (the run goes STUCK, reason "divergence").
        effect = ctx.mismatched_call(exc, name, call_index, request, decision_index=decision_index)
    hooks.after_begin_effect(name, effect.idempotency_key)
    call = ToolCall(name, effect.idempotency_key, effect, False, None, request, tool)
    if effect.status == EffectStatus.CONFIRMED:
        logger.info(
            "effect %s short-circuited (already CONFIRMED)",
            name,
            extra={
                "action": "short-circuited",
                "run_id": ctx.run_id,
                "effect_key": effect.idempotency_key,
            },
        )
    if effect.status in (EffectStatus.CONFIRMED, EffectStatus.FAILED) or (
        effect.dispatch_mode == DispatchMode.OUTBOX
    ):
        call.result = settle_outbox(ctx, effect, wait=True)
        call.settled = True
    return call


def finish_call(ctx: RunContext, call: ToolCall, result: Any) -> Any:
    """Record the call CONFIRMED with ``result``; returns the recorded result (use it).

    When the journaled effect owes an inverse (its ``compensate_kind``, set when it was begun,
    not this process's declaration, so a PENDING effect begun by other code still confirms),
    the compensation is registered in the same transaction. A custom payload builder that
    raises is a bug in the tool, but the call has happened: the effect is confirmed owing the
    default payload (the inverse is never lost), then the builder's error is raised.
    """
    if call.settled:
        return call.result
    response = jsonable(result)
    owed, payload_error = None, None
    if call.effect is not None and call.effect.compensate_kind:
        arguments = call.request if isinstance(call.request, dict) else {}
        build = call.tool.compensation_payload if call.tool is not None else None
        try:
            owed = compensation_payload_of(arguments, response, build)
        except Exception as exc:
            owed, payload_error = compensation_payload_of(arguments, response, None), exc
    done = ctx.journal.complete_effect(
        run_id=ctx.run_id,
        idempotency_key=call.key,
        status=EffectStatus.CONFIRMED,
        response_json=json_text(response),
        compensation_payload_json=owed,
        lease_epoch=ctx.lease_epoch,
    )
    hooks.after_complete_effect(call.name, call.key)
    if payload_error is not None:
        raise payload_error
    return done.response


def fail_call(ctx: RunContext, call: ToolCall, exc: BaseException) -> None:
    """Record the call's failure: UNKNOWN on :class:`~tape.errors.AckLost` (it may have
    landed: reconciled, never retried blindly), FAILED otherwise."""
    if call.settled:
        return
    status = EffectStatus.UNKNOWN if isinstance(exc, errors.AckLost) else EffectStatus.FAILED
    ctx.journal.complete_effect(
        run_id=ctx.run_id,
        idempotency_key=call.key,
        status=status,
        error_json=error_of(exc),
        lease_epoch=ctx.lease_epoch,
    )


class EffectTool(Generic[P, R]):
    """A function decorated with :func:`effect`; call it like the function."""

    def __init__(
        self,
        fn: Callable[P, R],
        *,
        compensate: Callable[..., Any] | None,
        status_check: Callable[[Any], Any] | None,
        key_from: KeyFrom | None,
        connector: str,
        compensation_payload: CompensationPayload | None = None,
        retry: retries.RetryPolicy | None = None,
        scope: str = "",
        match: tuple[str, ...] | None = None,
    ) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.name: str = fn.__name__
        self.key_from = key_from
        self.connector = connector
        self.compensation_payload = compensation_payload
        self.retry = retry
        self.scope = scope
        self.match = match
        self.compensate_kind = register_hooks(self.name, status_check, compensate)
        self._tape_effect = {
            "compensate": compensate,
            "status_check": status_check,
            "key_from": key_from,
            "compensation_payload": compensation_payload,
            "retry": retry,
            "semantics": "idempotent",
            "dispatch": "inline",
            "connector": connector,
            "scope": scope,
            "match": match,
        }

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        ctx = context.current()
        if ctx is None:
            return self.fn(*args, **kwargs)
        return self._in_run(ctx, args, kwargs)

    def _in_run(
        self,
        ctx: RunContext,
        args: Any,
        kwargs: Any,
        *,
        call_index: int | None = None,
        decision_index: int | None = None,
    ) -> R:
        """The call inside a run. ``call_index``/``decision_index`` pin the call's position
        (:meth:`RunContext.call_position`)."""
        hooks.before_tool(self.name)
        request = jsonable(bound_arguments(self.fn, args, kwargs))
        pinned = call_index is not None
        decision_index, call_index = ctx.call_position(self.name, call_index, decision_index)
        call = begin_call(
            ctx,
            self.name,
            request,
            decision_index=decision_index,
            call_index=call_index,
            tool=self,
            pinned=pinned,
        )
        if call.settled:
            settled: R = call.result
            hooks.after_tool(self.name)
            return settled
        try:
            result = self._perform(call.key, args, kwargs)
        except Exception as exc:  # Parked is a BaseException: a parked call stays PENDING
            fail_call(ctx, call, exc)
            hooks.after_tool(self.name, exc)
            raise
        recorded: R = finish_call(ctx, call, result)
        hooks.after_tool(self.name)
        return recorded

    def _perform(self, key: str, args: Any, kwargs: Any) -> Any:
        """The body, under ``key`` and the retry policy."""

        def told(attempt: int, exc: BaseException, delay: float) -> None:
            logger.warning(
                "effect %s attempt %d failed (%s); retrying in %.2fs with the same key",
                self.name,
                attempt,
                type(exc).__name__,
                delay,
                extra={"action": "effect-retry", "effect_key": key, "attempt": attempt},
            )

        with keyed(key):
            return retries.call(self.retry, lambda: self.fn(*args, **kwargs), describe=told)

    def delay(self, *args: Any, run_id: str = "", **kwargs: Any) -> EffectRecord:
        """Journal this call PENDING+OUTBOX on ``run_id`` and hint the dispatcher.

        Returns the effect at once (never waits for its outcome).

        Raises:
            OutboxConfigError: the tool was declared without ``connector=``.
        """
        if not self.connector:
            raise errors.OutboxConfigError(
                f"{self.name}.delay() needs a connector: declare @tape.effect(connector=...) "
                "so the outbox dispatcher knows which upstream performs the call"
            )
        return delay_effect(
            tool=self.name,
            run_id=run_id,
            payload=jsonable(bound_arguments(self.fn, args, kwargs)),
            connector=self.connector,
            semantics=EffectSemantics.IDEMPOTENT,
            compensate_kind=self.compensate_kind,
            scope=self.scope,
            max_attempts=self.retry.max_attempts if self.retry is not None else 0,
            match=self.match,
        )
