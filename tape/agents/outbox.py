"""``@tape.outbox_tool``: tools whose call is made once, by the outbox dispatcher.

The body is a synchronous pure function returning the *intent* (a JSON payload); it never
touches the upstream itself. Outside a run, calling the tool returns its intent as an envelope::

    {"__outbox__": true, "connector", "semantics", "wait_for_result", "human_gate",
     "dispatch_timeout_ms", "payload", "business_key"?}

Inside a run the call is journaled PENDING+OUTBOX and the dispatcher is hinted; with
``wait_for_result`` the run parks (WAITING, no worker blocked) until the effect is CONFIRMED or
FAILED and is then re-driven; a CONFIRMED effect is short-circuited to its recorded response.

The decorators that build these tools, ``@tape.outbox_tool`` and
``@tape.effect(dispatch="outbox")``, and their declaration rules live in
:mod:`tape.agents.declare`. At call time (:class:`~tape.errors.OutboxConfigError`, as in
upstream Tape): a non-JSON payload, or a ``business_key`` callable that raises.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, Generic, ParamSpec

from tape import digests, errors, hooks, keys
from tape.agents import context, tools
from tape.agents.context import RunContext
from tape.enqueue import enqueue as enqueue_outbox
from tape.enums import EffectSemantics
from tape.records import EffectRecord

P = ParamSpec("P")
_JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def approval_gate(tool: str, call_index: int, request_digest: str) -> str:
    """The gate a ``human_gate`` tool call waits at: ``approve:<tool>:<call>:<digest>``, the
    first 16 hex characters of its request digest (:mod:`tape.digests`)."""
    return f"approve:{tool}:{call_index}:{request_digest[:16]}"


class OutboxTool(Generic[P]):
    """A function decorated with :func:`outbox_tool`; call it like the function."""

    def __init__(
        self,
        fn: Callable[P, Any],
        *,
        connector: str,
        semantics: str,
        business_key: Callable[..., Any] | None,
        status_check: Callable[[Any], Any] | None,
        compensate: Callable[..., Any] | None,
        human_gate: bool,
        wait_for_result: bool,
        dispatch_timeout_ms: int,
        max_attempts: int,
        description: str,
        scope: str = "",
        key_from: tools.KeyFrom | None = None,
        match: tuple[str, ...] | None = None,
    ) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.name: str = fn.__name__
        self.connector = connector
        self.semantics = semantics
        self.business_key = business_key
        self.human_gate = human_gate
        self.wait_for_result = wait_for_result
        self.dispatch_timeout_ms = dispatch_timeout_ms
        self.max_attempts = max_attempts
        self.scope = scope
        self.key_from = key_from
        self.match = match
        self.description = description or (fn.__doc__ or "").strip()
        self.compensate_kind = tools.register_hooks(self.name, status_check, compensate)
        self._tape_outbox = {
            "connector": connector,
            "semantics": semantics,
            "wait_for_result": wait_for_result,
            "human_gate": human_gate,
            "dispatch_timeout_ms": dispatch_timeout_ms,
            "max_attempts": max_attempts,
            "business_key": business_key is not None,
            "description": self.description,
        }
        self._tape_effect = {
            "compensate": compensate,
            "status_check": status_check,
            "retry": None,
            "max_attempts": max_attempts,
            "compensator_ref": "",
            "semantics": semantics,
            "dispatch": "outbox",
            "connector": connector,
            "scope": scope,
        }

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> Any:
        ctx = context.current()
        if ctx is None:
            return self.envelope(*args, **kwargs)
        return self._in_run(ctx, args, kwargs)

    def intent(self, args: Any, kwargs: Any) -> tuple[Any, str | None]:
        """(payload, business key) of one call, checked as upstream Tape checks them.

        Raises:
            OutboxConfigError: a non-JSON payload, or a ``business_key`` callable that raised.
        """
        payload = self.fn(*args, **kwargs)
        if not isinstance(payload, _JSON_TYPES):
            raise errors.OutboxConfigError(
                f"outbox tool {self.name} returned {type(payload).__name__}; must return a "
                "JSON-serializable intent payload."
            )
        try:
            json.dumps(payload)
        except (TypeError, ValueError):
            raise errors.OutboxConfigError(
                f"outbox tool {self.name} returned {type(payload).__name__}; must return a "
                "JSON-serializable intent payload."
            ) from None
        if self.business_key is None:
            return payload, None
        bound = tools.bound_arguments(self.fn, args, kwargs)
        try:
            key = str(self.business_key(**bound))
        except Exception as exc:
            raise errors.OutboxConfigError(
                f"business_key for {self.name} raised: {type(exc).__name__}: {exc}"
            ) from exc
        return payload, key

    def envelope(self, *args: P.args, **kwargs: P.kwargs) -> dict[str, Any]:
        """The envelope for this call (what the tool returns outside a run)."""
        payload, key = self.intent(args, kwargs)
        result: dict[str, Any] = {
            "__outbox__": True,
            "connector": self.connector,
            "semantics": self.semantics,
            "wait_for_result": self.wait_for_result,
            "human_gate": self.human_gate,
            "dispatch_timeout_ms": self.dispatch_timeout_ms,
            "payload": payload,
        }
        if key is not None:
            result["business_key"] = key
        return result

    def _begin_options(self, business_key: str | None) -> dict[str, Any]:
        return {
            "semantics": EffectSemantics.NON_IDEMPOTENT
            if self.semantics == "non_idempotent"
            else EffectSemantics.IDEMPOTENT,
            "business_key": business_key or "",
            "compensate_kind": self.compensate_kind,
            "max_attempts": self.max_attempts,
            "dispatch_timeout_ms": self.dispatch_timeout_ms,
            "scope": self.scope,
            "match": self.match,
        }

    def _in_run(
        self,
        ctx: RunContext,
        args: Any,
        kwargs: Any,
        *,
        call_index: int | None = None,
        decision_index: int | None = None,
    ) -> Any:
        """The call inside a run; ``call_index``/``decision_index`` pin its position as in
        :meth:`EffectTool._in_run`."""
        hooks.before_tool(self.name)
        pinned = call_index is not None
        decision_index, call_index = ctx.call_position(self.name, call_index, decision_index)
        payload, key = self.intent(args, kwargs)
        custom_key = ""
        if self.key_from is not None:
            custom_key = self.key_from(
                tools.jsonable(tools.bound_arguments(self.fn, args, kwargs)), ctx
            )
        # Divergence first: a changed call is stopped for a human, not sent for approval.
        accepted = ctx.check_call(
            self.name,
            tools.jsonable(payload),
            decision_index=decision_index,
            call_index=call_index,
            custom_key=custom_key,
            pinned=pinned,
        )
        if self.human_gate and accepted is None:
            self._approved(ctx, payload, decision_index, call_index, custom_key)
        try:
            effect = accepted or enqueue_outbox(
                journal=ctx.journal,
                run_id=ctx.run_id,
                decision_index=decision_index,
                tool_name=self.name,
                call_index=call_index,
                request_json=payload,
                custom_key=custom_key,
                connector=self.connector,
                lease_epoch=ctx.lease_epoch,
                **self._begin_options(key),
            )
        except errors.RequestMismatch as exc:
            effect = ctx.mismatched_call(
                exc, self.name, call_index, tools.jsonable(payload), decision_index=decision_index
            )
        hooks.after_begin_effect(self.name, effect.idempotency_key)
        try:
            settled = tools.settle_outbox(ctx, effect, wait=self.wait_for_result)
        except Exception as exc:  # Parked is a BaseException: a parked call has not ended
            hooks.after_tool(self.name, exc)
            raise
        hooks.after_tool(self.name)
        return settled

    def _approved(
        self, ctx: RunContext, payload: Any, decision_index: int, call_index: int, custom_key: str
    ) -> None:
        """Park the run until someone approves *this request* (on replay the delivered
        approval returns). The gate is named after the request's digest: other arguments at
        this position (a replay, a deploy) wait at a new gate, never on the old approval. A
        call already journaled at this position was approved before it was: its request is
        compared when it is begun (another one there is a divergence, not a new approval)."""
        position = keys.idempotency_key(
            ctx.run_id, decision_index, self.name, call_index, custom_key
        )
        if ctx.journal.get_effect(run_id=ctx.run_id, idempotency_key=position) is not None:
            return
        request = tools.jsonable(payload)
        digest = digests.effect(self.name, json.dumps(request), self.match)
        ctx.await_gate(
            approval_gate(self.name, call_index, digest),
            {"tool": self.name, "request": request, "request_digest": digest},
        )

    def delay(self, *args: Any, run_id: str = "", **kwargs: Any) -> EffectRecord:
        """Journal this call PENDING+OUTBOX on ``run_id`` and hint the dispatcher.

        Returns the effect at once (never waits for its outcome, never asks a human gate).
        """
        payload, key = self.intent(args, kwargs)
        return tools.delay_effect(
            tool=self.name,
            run_id=run_id,
            payload=payload,
            connector=self.connector,
            **self._begin_options(key),
        )
