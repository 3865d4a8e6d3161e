"""The decorators ``@tape.effect`` and ``@tape.outbox_tool``, and their declaration rules.

Both build the same two tool kinds: ``@tape.effect(dispatch="inline")`` (the default) makes an
:class:`~tape.agents.tools.EffectTool`, whose body performs the call inside the run;
``@tape.effect(dispatch="outbox")`` and ``@tape.outbox_tool`` make an
:class:`~tape.agents.outbox.OutboxTool`, whose body returns the intent the outbox dispatcher
sends once. Every rule is checked when the decorator is built or applied, before anything is
registered (compensators, status checks) or written.

Rules (:class:`~tape.errors.EffectConfigError`; :class:`~tape.errors.OutboxConfigError` for an
outbox tool):

- ``semantics`` is ``idempotent``, ``non_idempotent`` or ``at_least_once``; ``dispatch`` is
  ``inline`` or ``outbox``;
- ``scope=`` is optional for every tool, whatever its semantics or dispatch: a tool declared
  with a scope can only be called by a run granted it (checked before the run starts,
  :mod:`tape.agents.scopes`, and again at ``begin_effect``), one without has no authorization
  rule. The newest original required ``scope=`` on ``non_idempotent`` ``@tape.effect`` only,
  not on ``@tape.outbox_tool``: two rules for the same effect; tape has one;
- a ``non_idempotent`` ``@tape.effect`` requires ``dispatch="outbox"``: a non-idempotent call
  is never re-run inline on replay;
- an outbox tool requires ``connector=``; a ``non_idempotent`` one at least one of
  ``business_key``, ``status_check``, ``compensate`` or ``human_gate=True`` unless
  ``allow_unsafe=True``;
- ``business_key=`` (a callable over the arguments, or a fixed string) needs the outbox;
  ``compensation_payload=`` needs ``compensate=`` and an inline effect; ``retry=`` is a
  :class:`~tape.agents.retry.RetryPolicy`; bodies are synchronous functions.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from tape import errors
from tape.agents.outbox import OutboxTool
from tape.agents.retry import RetryPolicy
from tape.agents.tools import EffectTool, KeyFrom

P = ParamSpec("P")
R = TypeVar("R")
SEMANTICS = ("idempotent", "non_idempotent", "at_least_once")
DISPATCH = ("inline", "outbox")
BusinessKey = Callable[..., Any] | str


def _callable_or_none(error: type[errors.EffectConfigError], **hooks: Any) -> None:
    for name, hook in hooks.items():
        if hook is not None and not callable(hook):
            raise error(f"{name}= must be callable, not {type(hook).__name__}")


def _match(match: Any, error: type[errors.EffectConfigError]) -> tuple[str, ...] | None:
    if match is None:
        return None
    if (
        isinstance(match, str)
        or not isinstance(match, list | tuple)
        or not match
        or not all(isinstance(m, str) and m for m in match)
    ):
        raise error("match= must be a non-empty list of argument names")
    return tuple(match)


def _check_match(fn: Callable[..., Any], match: tuple[str, ...] | None) -> None:
    if match is None:
        return
    names = inspect.signature(fn).parameters
    unknown = [m for m in match if m not in names]
    if unknown:
        raise errors.EffectConfigError(
            f"match= names {unknown} that {fn.__name__} does not take (it takes {list(names)})"
        )


def _business_key_fn(
    business_key: BusinessKey | None, error: type[errors.EffectConfigError]
) -> Callable[..., Any] | None:
    if business_key is None or callable(business_key):
        return business_key
    if isinstance(business_key, str) and business_key.strip():
        fixed = business_key
        return lambda **_: fixed
    raise error("business_key= must be a callable over the tool's arguments or a non-empty string")


def _check_outbox(
    *,
    connector: str,
    semantics: str,
    business_key: Any,
    status_check: Any,
    compensate: Any,
    human_gate: bool,
    allow_unsafe: bool,
    scope: str,
) -> None:
    """The outbox rules, shared by ``@tape.outbox_tool`` and ``@tape.effect(dispatch="outbox")``."""
    if semantics not in SEMANTICS:
        raise errors.OutboxConfigError(f"unknown semantics '{semantics}'")
    if not isinstance(connector, str) or not connector.strip():
        raise errors.OutboxConfigError(
            "outbox tools require connector=: the dispatcher finds the upstream by its name"
        )
    if not isinstance(scope, str):
        raise errors.OutboxConfigError(f"scope= must be a string, not {type(scope).__name__}")
    safe = business_key is not None or status_check is not None or compensate is not None
    if semantics == "non_idempotent" and not (safe or human_gate or allow_unsafe):
        raise errors.OutboxConfigError(
            "non_idempotent outbox tools must declare at least one of business_key, "
            "status_check, compensate, or human_gate=True — otherwise an UNKNOWN dispatch "
            "could be blindly retried."
        )


def _outbox_decorator(**options: Any) -> Callable[[Callable[P, Any]], OutboxTool[P]]:
    def decorate(fn: Callable[P, Any]) -> OutboxTool[P]:
        if inspect.iscoroutinefunction(fn):
            raise errors.OutboxConfigError(
                f"outbox tool {fn.__name__} is async — outbox bodies must be synchronous pure "
                "functions that return an intent payload."
            )
        return OutboxTool(fn, **options)

    return decorate


def _max_attempts(max_attempts: int, retry: RetryPolicy | None) -> int:
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 0:
        raise errors.OutboxConfigError(
            f"max_attempts= must be an integer >= 0, not {max_attempts!r}"
        )
    if retry is None:
        return max_attempts
    if not isinstance(retry, RetryPolicy):
        raise errors.OutboxConfigError(
            f"the retry policy must be a tape.RetryPolicy, not {type(retry).__name__}"
        )
    if max_attempts and max_attempts != retry.max_attempts:
        raise errors.OutboxConfigError(
            f"max_attempts={max_attempts} contradicts the retry policy's "
            f"max_attempts={retry.max_attempts}; give one of them"
        )
    return retry.max_attempts


def outbox_tool(
    *,
    connector: str,
    semantics: str = "idempotent",
    business_key: BusinessKey | None = None,
    status_check: Callable[[Any], Any] | None = None,
    compensate: Callable[..., Any] | None = None,
    human_gate: bool = False,
    wait_for_result: bool = True,
    dispatch_timeout_ms: int = 60_000,
    max_attempts: int = 0,
    description: str = "",
    scope: str = "",
    allow_unsafe: bool = False,
    retry_policy: RetryPolicy | None = None,
    match: list[str] | tuple[str, ...] | None = None,
) -> Callable[[Callable[P, Any]], OutboxTool[P]]:
    """Make a function an outbox tool: its intent is journaled and dispatched once.

    Args:
        connector: the registered connector that performs the call.
        semantics: ``"idempotent"`` (default), ``"non_idempotent"`` or ``"at_least_once"``.
        business_key: ``fn(**arguments) -> str`` (or a fixed string), the upstream-searchable
            identity; a second effect with the same (connector, business key) is the same effect.
        status_check: ``fn(effect) -> bool | dict`` for the reconciler.
        compensate: the inverse, registered under its ``module:qualname`` (the kind).
        human_gate: park the run on ``approve:<tool>:<call_index>:<digest>`` until approved,
            the digest that of the call's request (an approval releases only the request it
            was given for; the gate's journal row shows that request).
        wait_for_result: park until the effect is final (else return
            ``{"status": "pending", "idempotency_key": ...}``).
        dispatch_timeout_ms: the dispatcher's timeout for one attempt.
        max_attempts: failed dispatches before FAILED (0: the dispatcher's default).
        description: what the tool does (defaults to the docstring).
        scope: an authorization scope a run must be granted to call this tool (optional;
            checked before the run starts and at begin_effect, where a denial is journaled
            as a ``policy`` row; both raise ``ScopeDenied``).
        allow_unsafe: waive the non_idempotent safety rule (you resolve UNKNOWNs by hand).
        retry_policy: its ``max_attempts`` bounds the dispatches (the dispatcher's backoff
            schedules them).
        match: the fields of the intent payload that identify the call (default: all); a
            replay asking other values of these is refused (``RequestMismatch``).

    Raises:
        OutboxConfigError: unknown semantics; a non_idempotent tool with nothing to resolve
            an UNKNOWN outcome; no connector; an async body; contradictory attempts.
    """
    _check_outbox(
        connector=connector,
        semantics=semantics,
        business_key=business_key,
        status_check=status_check,
        compensate=compensate,
        human_gate=human_gate,
        allow_unsafe=allow_unsafe,
        scope=scope,
    )
    _callable_or_none(errors.OutboxConfigError, status_check=status_check, compensate=compensate)
    return _outbox_decorator(
        connector=connector,
        semantics=semantics,
        business_key=_business_key_fn(business_key, errors.OutboxConfigError),
        status_check=status_check,
        compensate=compensate,
        human_gate=human_gate,
        wait_for_result=wait_for_result,
        dispatch_timeout_ms=dispatch_timeout_ms,
        max_attempts=_max_attempts(max_attempts, retry_policy),
        description=description,
        scope=scope,
        key_from=None,
        match=_match(match, errors.OutboxConfigError),
    )


def effect(
    *,
    compensate: Callable[..., Any] | None = None,
    status_check: Callable[[Any], Any] | None = None,
    key_from: KeyFrom | None = None,
    compensation_payload: Callable[[dict[str, Any], Any], Any] | None = None,
    retry: RetryPolicy | None = None,
    semantics: str = "idempotent",
    dispatch: str = "inline",
    connector: str = "",
    business_key: BusinessKey | None = None,
    scope: str = "",
    allow_unsafe: bool = False,
    match: list[str] | tuple[str, ...] | None = None,
) -> Callable[[Callable[P, R]], Any]:
    """Make a function an effect tool, journaled when called inside a run.

    Inline (the default), the body performs the call inside the run: a CONFIRMED effect is
    short-circuited to its recorded response, and the body must be idempotent on its key
    (:func:`tape.current_effect_key`). With ``dispatch="outbox"`` the body returns the intent
    and the tool behaves as :func:`outbox_tool` with the same options.

    Args:
        compensate: the inverse, registered under its ``module:qualname`` as the compensation
            kind (a function with the same key already registered is refused). When
            an inline call is CONFIRMED its obligation is registered in the same transaction,
            held: owed only if the run is undone (``tape.compensate_run``, newest first).
        status_check: ``fn(effect) -> bool | dict``, "did it happen?", for the reconciler.
        key_from: ``fn(arguments, ctx) -> str``, a custom idempotency key (used verbatim).
        compensation_payload: ``fn(arguments, result) -> JSON``, what the inverse is called
            with (default ``{**arguments, **result}``; a non-dict result as ``"result"``).
        retry: a :class:`~tape.agents.retry.RetryPolicy` for the body (inline; outbox: its
            ``max_attempts`` bounds the dispatches).
        semantics: ``"idempotent"`` (default), ``"non_idempotent"`` or ``"at_least_once"``.
        dispatch: ``"inline"`` (default) or ``"outbox"``.
        connector: the upstream that performs outbox calls (required for the outbox and for
            ``.delay``).
        business_key: ``fn(**arguments) -> str`` or a fixed string (outbox only).
        match: the arguments that identify the call (default: all of them; for the outbox,
            the fields of the intent payload). A call at a recorded position, or under a
            recorded key, whose identifying arguments differ is never answered from the
            journal (``RequestMismatch``, or a ``divergence`` inside a re-driven run); name
            them when others legitimately vary between attempts (a timestamp, a trace id).
        scope: an authorization scope a run must be granted to call this tool (optional,
            the same rule as :func:`outbox_tool`'s).
        allow_unsafe: waive the non_idempotent outbox safety rule.

    Returns:
        A decorator producing an :class:`~tape.agents.tools.EffectTool` (inline) or an
        :class:`~tape.agents.outbox.OutboxTool` (outbox).

    Raises:
        EffectConfigError: the rules in :mod:`tape.agents.declare` (``OutboxConfigError``
            for the outbox ones).
    """
    if dispatch not in DISPATCH:
        raise errors.EffectConfigError(f"unknown dispatch '{dispatch}' (inline or outbox)")
    error = errors.OutboxConfigError if dispatch == "outbox" else errors.EffectConfigError
    if semantics not in SEMANTICS:
        raise error(f"unknown semantics '{semantics}'")
    if not isinstance(scope, str):
        raise error(f"scope= must be a string, not {type(scope).__name__}")
    _callable_or_none(
        error,
        compensate=compensate,
        status_check=status_check,
        key_from=key_from,
        compensation_payload=compensation_payload,
    )
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise error(f"retry= must be a tape.RetryPolicy, not {type(retry).__name__}")
    if compensation_payload is not None and compensate is None:
        raise error("compensation_payload= needs compensate=: it is the inverse's payload")
    matched = _match(match, error)
    if dispatch == "outbox":
        return _outbox_effect(
            compensate=compensate,
            status_check=status_check,
            key_from=key_from,
            compensation_payload=compensation_payload,
            retry=retry,
            semantics=semantics,
            connector=connector,
            business_key=business_key,
            scope=scope,
            allow_unsafe=allow_unsafe,
            match=matched,
        )
    if semantics == "non_idempotent":
        raise errors.EffectConfigError(
            "a non_idempotent effect requires dispatch='outbox': it must be made once by the "
            "outbox dispatcher, never re-run inline on replay"
        )
    if business_key is not None:
        raise errors.EffectConfigError(
            "business_key= needs dispatch='outbox': only the outbox can wait for another "
            "run's effect with the same business key"
        )
    if not isinstance(connector, str):
        raise errors.EffectConfigError(
            f"connector= must be a string, not {type(connector).__name__}"
        )

    def decorate(fn: Callable[P, R]) -> EffectTool[P, R]:
        if inspect.iscoroutinefunction(fn):
            raise errors.EffectConfigError(
                f"effect {fn.__name__} is async — effect bodies run synchronously in the run"
            )
        _check_match(fn, matched)
        return EffectTool(
            fn,
            compensate=compensate,
            status_check=status_check,
            key_from=key_from,
            connector=connector,
            compensation_payload=compensation_payload,
            retry=retry,
            scope=scope,
            match=matched,
        )

    return decorate


def _outbox_effect(
    *,
    compensate: Callable[..., Any] | None,
    status_check: Callable[[Any], Any] | None,
    key_from: KeyFrom | None,
    compensation_payload: Any,
    retry: RetryPolicy | None,
    semantics: str,
    connector: str,
    business_key: BusinessKey | None,
    scope: str,
    allow_unsafe: bool,
    match: tuple[str, ...] | None = None,
) -> Callable[[Callable[P, Any]], OutboxTool[P]]:
    if compensation_payload is not None:
        raise errors.OutboxConfigError(
            "compensation_payload= applies to inline effects: an outbox effect's inverse is "
            "called with the dispatcher's response"
        )
    _check_outbox(
        connector=connector,
        semantics=semantics,
        business_key=business_key,
        status_check=status_check,
        compensate=compensate,
        human_gate=False,
        allow_unsafe=allow_unsafe,
        scope=scope,
    )
    return _outbox_decorator(
        connector=connector,
        semantics=semantics,
        business_key=_business_key_fn(business_key, errors.OutboxConfigError),
        status_check=status_check,
        compensate=compensate,
        human_gate=False,
        wait_for_result=True,
        dispatch_timeout_ms=60_000,
        max_attempts=_max_attempts(0, retry),
        description="",
        scope=scope,
        key_from=key_from,
        match=match,
    )
