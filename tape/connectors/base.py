"""The connector seam: the protocol, the registry, and (re-exported) the result types.

A connector knows how to talk to one upstream. Its three methods cover the three places tape
touches the outside world for an outbox effect::

    dispatch(effect)        -> DispatchResult       outbox reactor: perform the call once
    observe(effect)         -> ObservationResult    reconciler: "what happened?"
    compensate(obligation)  -> CompensationResult   obligations reactor: run the inverse

Each method may be synchronous or ``async``; reactors call them through :func:`maybe_await`
(inside an event loop) or :func:`call_maybe_async` (from plain code).

Result statuses are the literals of the public docs. The spellings of the "UNKNOWN — the third
outcome" page (``kind="present"``, ``kind="inconclusive"``) are accepted as aliases, so its
examples run unchanged; they are normalised when the result is built.

Observing is a capability: a connector declares ``can_observe = False`` when it has no way to
ask its upstream (an HTTP connector without ``observe_endpoint``, a publish-only queue). The
reconciler then never calls its ``observe()``; it asks the tool's status check, or leaves a
NON_IDEMPOTENT effect UNKNOWN and stuck for a human. A connector without the attribute is
taken to observe (it implements the protocol's ``observe()``); one whose ``observe()`` finds
that it cannot look answers ``unobservable``, never ``absent``.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload, runtime_checkable

from tape import bridge
from tape.connectors.results import (
    CompensationResult,
    CompensationStatus,
    DispatchResult,
    DispatchStatus,
    ObservationResult,
    ObservationStatus,
)

if TYPE_CHECKING:
    from tape import records

__all__ = [
    "CompensationResult",
    "CompensationStatus",
    "DispatchResult",
    "DispatchStatus",
    "EffectConnector",
    "ObservationResult",
    "ObservationStatus",
    "call_maybe_async",
    "can_observe",
    "clear",
    "get",
    "maybe_await",
    "names",
    "register",
    "require",
]

T = TypeVar("T")


@runtime_checkable
class EffectConnector(Protocol):
    """A connector knows how to talk to one upstream.

    Implementations should be stateless between calls: everything that must survive a crash
    lives in tape's tables. Each method may be a plain function or a coroutine function.
    Return results rather than raise: the reactors must treat a raise as the most cautious
    outcome, ``unknown`` (dispatch), ``stuck`` (observe) or ``failed`` (compensate).

    Attributes:
        name: the match key for ``@tape.effect(connector=...)``.
        can_observe: optional (default true): whether ``observe()`` really asks the upstream.
            Declare false when it cannot; see :func:`can_observe`.
    """

    name: str

    def dispatch(self, effect: records.EffectRecord) -> DispatchResult | Awaitable[DispatchResult]:
        """Perform the effect's call once (outbox reactor, under a CAS lease)."""
        ...

    def observe(
        self, effect: records.EffectRecord
    ) -> ObservationResult | Awaitable[ObservationResult]:
        """Ask the upstream whether the effect's call happened (reconciler).

        ``absent`` only after a real look that found nothing; ``unobservable`` when there is
        no way to look, ``stuck`` when the upstream could not tell.
        """
        ...

    def compensate(
        self, obligation: records.ObligationRecord
    ) -> CompensationResult | Awaitable[CompensationResult]:
        """Run the inverse of a confirmed effect (obligations reactor)."""
        ...


@overload
async def maybe_await(value: Awaitable[T]) -> T: ...
@overload
async def maybe_await(value: T | Awaitable[T]) -> T: ...
async def maybe_await(value: Any) -> Any:
    """Return ``value``, awaiting it first when it is awaitable.

    Args:
        value: a connector method's return value.

    Returns:
        The result itself.
    """
    if inspect.isawaitable(value):
        return await value
    return value


# Kept under the name the public docs use.
_maybe_await = maybe_await


# Two overloads: with only the union, mypy solves T as Never for a plain coroutine function.
@overload
def call_maybe_async(fn: Callable[..., Awaitable[T]], *args: Any) -> T: ...
@overload
def call_maybe_async(fn: Callable[..., T | Awaitable[T]], *args: Any) -> T: ...
def call_maybe_async(fn: Callable[..., Any], *args: Any) -> Any:
    """Call ``fn(*args)`` from synchronous code and return its result, sync or async.

    A coroutine result is run to completion on the process's one long-lived event loop
    (:func:`tape.bridge.run_sync`), so a connector's loop-bound clients outlive one call;
    use :func:`maybe_await` from async code.

    Args:
        fn: a connector method (or any callable).
        *args: its positional arguments.

    Returns:
        The (awaited) result.
    """
    value = fn(*args)
    if not inspect.isawaitable(value):
        return value
    return bridge.run_sync(value)


def can_observe(connector: object) -> bool:
    """Whether ``connector``'s ``observe()`` really asks its upstream.

    Reads the connector's ``can_observe`` attribute (a bool, a property, or a method taking no
    arguments). A connector without one is taken to observe: the protocol's ``observe()`` is
    its way to ask, and an honest one answers ``unobservable`` when it cannot.
    """
    declared = getattr(connector, "can_observe", True)
    if callable(declared):
        declared = declared()
    return bool(declared)


# ---- registry --------------------------------------------------------------------------------

_registry: dict[str, EffectConnector] = {}
_registry_lock = threading.Lock()

_C = TypeVar("_C", bound=EffectConnector)


def register(connector: _C, name: str | None = None) -> _C:
    """Register a connector under ``name`` (default ``connector.name``).

    Overwriting an existing registration is allowed: late binding is fine for tests.

    Args:
        connector: an object with ``name``, ``dispatch``, ``observe`` and ``compensate``.
        name: the registry key; defaults to ``connector.name``.

    Returns:
        The connector, so ``register`` can wrap a construction expression.

    Raises:
        TypeError: the object lacks one of the three methods.
        ValueError: the name is empty.
    """
    missing = [
        m
        for m in ("dispatch", "observe", "compensate")
        if not callable(getattr(connector, m, None))
    ]
    if missing:
        raise TypeError(
            f"{type(connector).__name__} is not an EffectConnector: missing {', '.join(missing)}"
        )
    key = name if name is not None else getattr(connector, "name", "")
    if not isinstance(key, str) or not key:
        raise ValueError("a connector needs a non-empty name (set connector.name or pass name=)")
    with _registry_lock:
        _registry[key] = connector
    return connector


def get(name: str) -> EffectConnector | None:
    """Return the connector registered under ``name``, or None."""
    with _registry_lock:
        return _registry.get(name)


def require(name: str) -> EffectConnector:
    """Return the connector registered under ``name``.

    Raises:
        KeyError: ``no connector registered: '<name>'``.
    """
    connector = get(name)
    if connector is None:
        raise KeyError(f"no connector registered: {name!r}")
    return connector


def names() -> list[str]:
    """Return the registered names, sorted."""
    with _registry_lock:
        return sorted(_registry)


def clear() -> None:
    """Forget every registration (a test helper, so a test can register fresh fakes)."""
    with _registry_lock:
        _registry.clear()


def snapshot() -> dict[str, EffectConnector]:
    """The registrations now (a test helper: pair it with :func:`restore`)."""
    with _registry_lock:
        return dict(_registry)


def restore(saved: dict[str, EffectConnector]) -> None:
    """Put back what :func:`snapshot` returned."""
    with _registry_lock:
        _registry.clear()
        _registry.update(saved)
