"""The decorator ``@tape.effect`` (and its outbox alias ``@tape.outbox_tool``), and its rules.

``@tape.outbox_tool(connector=..., ...)`` is ``@tape.effect(dispatch="outbox",
connector=..., ...)``: the same options, the same rules. ``@tape.effect`` (the default
``dispatch="inline"``) makes an :class:`~tape.agents.tools.EffectTool`, whose body performs
the call inside the run; ``dispatch="outbox"`` makes an :class:`~tape.agents.outbox.OutboxTool`,
whose body returns the intent the outbox dispatcher sends once. Every rule is checked when the
decorator is built or applied, before anything is registered (compensators, status checks) or
written.

Rules (:class:`~tape.errors.EffectConfigError`; :class:`~tape.errors.OutboxConfigError` for an
outbox tool):

- ``semantics`` is ``idempotent``, ``non_idempotent`` or ``at_least_once``; ``dispatch`` is
  ``inline`` or ``outbox``;
- ``scope=`` is optional for every tool, whatever its semantics or dispatch: a tool declared
  with a scope can only be called by a run granted it (checked before the run starts,
  :mod:`tape.agents.scopes`, and again at ``begin_effect``), one without has no authorization
  rule;
- a ``non_idempotent`` ``@tape.effect`` requires ``dispatch="outbox"``: a non-idempotent call
  is never re-run inline on replay;
- an outbox tool requires ``connector=``; a ``non_idempotent`` one at least one of
  ``business_key``, ``status_check``, ``compensate`` or ``human_gate=True`` unless
  ``allow_unsafe=True``;
- ``business_key=``, ``human_gate=``, ``wait_for_result=``, ``dispatch_timeout_ms=``,
  ``max_attempts=`` and ``description=`` need the outbox;
  ``compensation_payload=`` needs ``compensate=`` and an inline effect; ``retry=`` is a
  :class:`~tape.agents.retry.RetryPolicy`; bodies are synchronous functions.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, Literal, ParamSpec, TypedDict, TypeVar, Unpack, overload

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


class ToolOptions(TypedDict, total=False):
    """:func:`effect`'s options but ``dispatch`` and ``connector`` (see its docstring)."""

    compensate: Callable[..., Any] | None
    status_check: Callable[[Any], Any] | None
    key_from: KeyFrom | None
    compensation_payload: Callable[[dict[str, Any], Any], Any] | None
    retry: RetryPolicy | None
    semantics: str
    business_key: BusinessKey | None
    scope: str
    allow_unsafe: bool
    match: list[str] | tuple[str, ...] | None
    human_gate: bool
    wait_for_result: bool
    dispatch_timeout_ms: int
    max_attempts: int
    description: str


class EffectOptions(ToolOptions, total=False):
    """:func:`effect`'s options but ``dispatch``, for its typed overloads."""

    connector: str


#: The outbox-only options and their defaults: an inline effect refuses any other value.
_OUTBOX_ONLY: dict[str, Any] = {
    "human_gate": False,
    "wait_for_result": True,
    "dispatch_timeout_ms": 60_000,
    "max_attempts": 0,
    "description": "",
}


@overload
def effect(
    *, dispatch: Literal["inline"] = "inline", **options: Unpack[EffectOptions]
) -> Callable[[Callable[P, R]], EffectTool[P, R]]: ...
@overload
def effect(
    *, dispatch: Literal["outbox"], **options: Unpack[EffectOptions]
) -> Callable[[Callable[P, Any]], OutboxTool[P]]: ...
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
    human_gate: bool = False,
    wait_for_result: bool = True,
    dispatch_timeout_ms: int = 60_000,
    max_attempts: int = 0,
    description: str = "",
) -> Callable[[Callable[P, R]], EffectTool[P, R]] | Callable[[Callable[P, Any]], OutboxTool[P]]:
    """Make a function an effect tool, journaled when called inside a run.

    The one way to declare a tool (``@tape.outbox_tool(...)`` is
    ``@tape.effect(dispatch="outbox", ...)`` under another name). Inline (the default), the
    body performs the call inside the run: a CONFIRMED effect is short-circuited to its
    recorded response, and the body must be idempotent on its key
    (:func:`tape.current_effect_key`). With ``dispatch="outbox"`` the body returns the intent
    (a JSON object), journaled PENDING and sent once by the outbox dispatcher through
    ``connector``. The decorated tool keeps the function's parameters (and, inline, its
    return type) for type checkers.

    Args:
        compensate: the inverse, registered under its ``module:qualname`` as the compensation
            kind (a different function already holding that key is refused). When an inline
            call is CONFIRMED its obligation is registered in the same transaction, held:
            owed only if the run is undone (``tape.compensate_run``, newest first).
        status_check: ``fn(effect) -> bool | dict``, "did it happen?", for the reconciler.
        key_from: ``fn(arguments, ctx) -> str``, a custom idempotency key (used verbatim).
        compensation_payload: ``fn(arguments, result) -> JSON``, what the inverse is called
            with (default ``{**arguments, **result}``; a non-dict result as ``"result"``;
            inline only: an outbox inverse gets the dispatcher's response).
        retry: a :class:`~tape.agents.retry.RetryPolicy` for the body (inline; outbox: its
            ``max_attempts`` bounds the dispatches).
        semantics: ``"idempotent"`` (default), ``"non_idempotent"`` (outbox only) or
            ``"at_least_once"``.
        dispatch: ``"inline"`` (default) or ``"outbox"``.
        connector: the registered connector that performs outbox calls (required for the
            outbox and for ``.delay``).
        business_key: ``fn(**arguments) -> str`` or a fixed string, the upstream-searchable
            identity; a second effect with the same (connector, business key) is the same
            effect (outbox only).
        scope: an authorization scope a run must be granted to call this tool (optional;
            checked before the run starts and at begin_effect, where a denial is journaled
            as a ``policy`` row; both raise ``ScopeDenied``).
        allow_unsafe: waive the non_idempotent outbox safety rule (you resolve UNKNOWNs by
            hand).
        match: the arguments that identify the call (default: all of them; for the outbox,
            the fields of the intent payload). A call at a recorded position, or under a
            recorded key, whose identifying arguments differ is never answered from the
            journal (``RequestMismatch``, or a ``divergence`` inside a re-driven run); name
            them when others legitimately vary between attempts (a timestamp, a trace id).
        human_gate: (outbox) park the run on ``approve:<tool>:<call_index>:<digest>`` until
            approved, the digest that of the call's request (an approval releases only the
            request it was given for; the gate's journal row shows that request).
        wait_for_result: (outbox) park until the effect is final (else return
            ``{"status": "pending", "idempotency_key": ...}``).
        dispatch_timeout_ms: (outbox) the dispatcher's timeout for one attempt.
        max_attempts: (outbox) failed dispatches before FAILED (0: the dispatcher's default).
        description: (outbox) what the tool does (defaults to the docstring).

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
    outbox_options = {
        "human_gate": human_gate,
        "wait_for_result": wait_for_result,
        "dispatch_timeout_ms": dispatch_timeout_ms,
        "max_attempts": max_attempts,
        "description": description,
    }
    if dispatch == "outbox":
        if compensation_payload is not None:
            raise errors.OutboxConfigError(
                "compensation_payload= applies to inline effects: an outbox effect's inverse "
                "is called with the dispatcher's response"
            )
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
        return _outbox_decorator(
            connector=connector,
            semantics=semantics,
            business_key=_business_key_fn(business_key, errors.OutboxConfigError),
            status_check=status_check,
            compensate=compensate,
            human_gate=human_gate,
            wait_for_result=wait_for_result,
            dispatch_timeout_ms=dispatch_timeout_ms,
            max_attempts=_max_attempts(max_attempts, retry),
            description=description,
            scope=scope,
            key_from=key_from,
            match=matched,
        )
    unused = [name for name, value in outbox_options.items() if value != _OUTBOX_ONLY[name]]
    if unused:
        raise errors.EffectConfigError(
            f"{'=, '.join(unused)}= apply to outbox effects: declare dispatch='outbox'"
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


def outbox_tool(
    *,
    connector: str,
    retry_policy: RetryPolicy | None = None,
    **options: Unpack[ToolOptions],
) -> Callable[[Callable[P, Any]], OutboxTool[P]]:
    """``@tape.effect(dispatch="outbox", connector=..., ...)``: the same options and rules,
    under the name older code uses.

    ``connector=`` is required here; ``retry_policy=`` is the older spelling of ``retry=``.

    Raises:
        OutboxConfigError: the outbox rules of :func:`effect`; ``retry_policy=`` and
            ``retry=`` both given.
    """
    if retry_policy is not None:
        if options.get("retry") is not None:
            raise errors.OutboxConfigError("retry_policy= is the older name of retry=: give one")
        options["retry"] = retry_policy
    return effect(dispatch="outbox", connector=connector, **options)
