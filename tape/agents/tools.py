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
from typing import Any, Generic, ParamSpec, TypeVar

from tape import errors, registry, runtime
from tape.agents import context, crash
from tape.agents import retry as retries
from tape.agents.context import Parked, RunContext
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
    ``{**arguments, **result}`` (a non-dict result under ``"result"``), as the original."""
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
    """``value`` as JSON data; what JSON cannot hold is journaled as its ``repr``."""
    return json.loads(json.dumps(value, default=repr))


def json_text(value: Any) -> str:
    """``value`` (JSON data) as JSON text. The journal reads a ``str`` argument as JSON
    text, so a tool that returns a plain string is journaled as that string this way."""
    return json.dumps(value)


def error_of(exc: BaseException) -> dict[str, str]:
    return {"type": type(exc).__name__, "message": str(exc)}


def register_hooks(tool: str, status_check: Any, compensate: Any) -> str:
    """Register a tool's status check and compensator; returns the compensate kind."""
    if status_check is not None:
        registry.register_status_check(tool, status_check)
    if compensate is None:
        return ""
    kind = str(getattr(compensate, "__name__", "") or tool)
    registry.register_compensator(kind, compensate)
    return kind


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
    crash.maybe_crash("after_complete_effect", effect.tool_name)
    return effect.response


def delay_effect(
    *, tool: str, run_id: str, payload: Any, connector: str, **begin: Any
) -> EffectRecord:
    """Journal a tool call PENDING+OUTBOX and hint the dispatcher; never waits.

    Inside the run itself the key follows the run's decision and call counters (replay finds
    the same effect); from outside, the call index is the number of the run's earlier
    no-decision calls of this tool.
    """
    ctx = context.current()
    run_id = run_id or (ctx.run_id if ctx is not None else "")
    if not run_id:
        raise errors.InvalidArgument(f"{tool}.delay() needs run_id= outside a run")
    if ctx is not None and ctx.run_id == run_id:
        journal = ctx.journal
        decision_index, call_index = ctx.decision_index, ctx.next_call_index(tool)
        begin["lease_epoch"] = ctx.lease_epoch
    else:
        journal = runtime.journal()
        decision_index = -1
        call_index = sum(
            1
            for e in journal.list_effects(run_id=run_id)
            if e.tool_name == tool and e.decision_index == -1 and not e.business_key
        )
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
    ) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.name: str = fn.__name__
        self.key_from = key_from
        self.connector = connector
        self.compensation_payload = compensation_payload
        self.retry = retry
        self.scope = scope
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
        (framework adapters key a call by its place in the model's answer); by default it is
        the next call of this tool after the latest decision."""
        crash.maybe_crash("before_tool", self.name)
        request = jsonable(bound_arguments(self.fn, args, kwargs))
        if call_index is None:
            call_index = ctx.next_call_index(self.name)
        effect = ctx.journal.begin_effect(
            run_id=ctx.run_id,
            decision_index=ctx.decision_index if decision_index is None else decision_index,
            tool_name=self.name,
            call_index=call_index,
            request_json=request,
            custom_key=self.key_from(request, ctx) if self.key_from else "",
            connector=self.connector,
            scope=self.scope,
            compensate_kind=self.compensate_kind,
            lease_epoch=ctx.lease_epoch,
        )
        crash.maybe_crash("after_begin_effect", self.name)
        if effect.status == EffectStatus.CONFIRMED:
            logger.info(
                "effect %s short-circuited (already CONFIRMED)",
                self.name,
                extra={
                    "action": "short-circuited",
                    "run_id": ctx.run_id,
                    "effect_key": effect.idempotency_key,
                },
            )
        if effect.status in (EffectStatus.CONFIRMED, EffectStatus.FAILED) or (
            effect.dispatch_mode == DispatchMode.OUTBOX
        ):
            settled: R = settle_outbox(ctx, effect, wait=True)
            return settled
        key = effect.idempotency_key
        try:
            result = self._perform(key, args, kwargs)
        except Parked:
            raise
        except errors.AckLost as exc:
            self._complete(ctx, key, EffectStatus.UNKNOWN, error_json=error_of(exc))
            raise
        except Exception as exc:
            self._complete(ctx, key, EffectStatus.FAILED, error_json=error_of(exc))
            raise
        response = jsonable(result)
        owed, payload_error = self._owed(effect, request, response)
        done = self._complete(
            ctx,
            key,
            EffectStatus.CONFIRMED,
            response_json=json_text(response),
            compensation_payload_json=owed,
        )
        crash.maybe_crash("after_complete_effect", self.name)
        if payload_error is not None:
            raise payload_error
        recorded: R = done.response
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

    def _owed(
        self, effect: EffectRecord, request: Any, response: Any
    ) -> tuple[Any, Exception | None]:
        """(compensation payload or None, the error a custom payload builder raised).

        The journaled effect decides whether an inverse is owed (its ``compensate_kind``, set
        when it was begun), not this process's declaration, so a PENDING effect begun by
        other code still confirms. A builder that raises is a bug in the tool, but the call
        has happened: the effect is confirmed owing the default payload (the inverse is
        never lost), then the error is raised from the tool call.
        """
        if not effect.compensate_kind:
            return None, None
        arguments = request if isinstance(request, dict) else {}
        try:
            return compensation_payload_of(arguments, response, self.compensation_payload), None
        except Exception as exc:
            return compensation_payload_of(arguments, response, None), exc

    def _complete(
        self, ctx: RunContext, key: str, status: EffectStatus, **outcome: Any
    ) -> EffectRecord:
        return ctx.journal.complete_effect(
            run_id=ctx.run_id,
            idempotency_key=key,
            status=status,
            lease_epoch=ctx.lease_epoch,
            **outcome,
        )

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
        )
