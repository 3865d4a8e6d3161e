"""In-process registries the reactors look things up in, filled by user code at import time.

- compensators: ``fn(**payload) -> JSON-able result`` (the inverse of an effect), under a name
  given to :func:`register_compensator`, or, for a tool's ``compensate=fn``, under the
  function's ``module:qualname`` (:func:`ref_of`), so two inverses both called ``undo`` in two
  modules never stand for each other;
- status checks, by tool name (what the journal stores on the effect): ``fn(effect) -> bool |
  dict`` ("did it happen?") for tools without a connector ``observe()``;
- timer handlers, by timer kind: ``fn(journal, timer) -> str`` (what was done).

Worker processes fill them by importing the modules named in ``TAPE_IMPORTS``. A key holds one
function: registering a different one under a taken key raises
:class:`~tape.errors.AlreadyRegistered` unless ``replace=True`` (registering the same
definition again, as a re-executed ``def`` does, is allowed).

These registries are the allow-list between the journal and code (docs/security.md):
whatever a journal writer stores (an obligation's ``kind`` or ``compensator_ref``, a tool
name, a timer kind) is looked up here as a key, never imported. A name given to
:func:`register_compensator` never holds ``:``; a ``module:qualname`` key exists only because
this process registered that very function.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from tape import errors

Compensator = Callable[..., Any]
StatusCheck = Callable[[Any], Any]
TimerHandler = Callable[[Any, Any], str]
F = TypeVar("F", bound=Callable[..., Any])

_lock = threading.Lock()
_compensators: dict[str, Compensator] = {}
_status_checks: dict[str, StatusCheck] = {}
_timer_handlers: dict[str, TimerHandler] = {}


#: The longest name a journal column holds (``tape_obligations.compensator_ref``).
MAX_NAME_CHARS = 255


def ref_of(fn: Callable[..., Any]) -> str:
    """``fn``'s ``module:qualname``: the key a tool's ``compensate=fn`` is registered under."""
    target = fn if hasattr(fn, "__qualname__") else type(fn)
    module = getattr(target, "__module__", None) or "?"
    return f"{module}:{getattr(target, '__qualname__', repr(target))}"[:MAX_NAME_CHARS]


def _same(old: Callable[..., Any], new: Callable[..., Any]) -> bool:
    # One definition executed again (a nested ``def``, a decorator applied per test) builds a
    # new function object around the same code: that is a re-registration, not a rival.
    code = getattr(new, "__code__", None)
    return old is new or (code is not None and code is getattr(old, "__code__", None))


def _register(table: dict[str, F], what: str, key: str, fn: F, replace: bool) -> F:
    if not callable(fn):
        raise errors.InvalidArgument(f"{what} {key!r} must be callable")
    with _lock:
        held = table.get(key)
        if held is not None and not replace and not _same(held, fn):
            raise errors.AlreadyRegistered(
                f"{what} {key!r} is already registered to {ref_of(held)}; refusing "
                f"{ref_of(fn)} (pass replace=True to replace it)"
            )
        table[key] = fn
    return fn


def register_compensator(kind: str, fn: Compensator, *, replace: bool = False) -> Compensator:
    """Register ``fn`` as the inverse named ``kind``.

    The compensation pass calls it, as ``fn(**payload)``, for obligations of that ``kind``
    and for obligations whose ``compensator_ref`` is that name.

    Args:
        kind: the compensator's name: not empty, at most 255 characters, no ``:``.
        fn: the inverse; it must be idempotent (it runs at least once).
        replace: replace a different function already registered under ``kind``.

    Returns:
        ``fn``, so this can be used as a decorator's body.

    Raises:
        InvalidArgument: ``kind`` is not a name, or ``fn`` is not callable.
        AlreadyRegistered: another function holds ``kind`` and ``replace`` is false.
    """
    if not isinstance(kind, str) or not kind or len(kind) > MAX_NAME_CHARS or ":" in kind:
        raise errors.InvalidArgument(
            f"a compensator name is 1-{MAX_NAME_CHARS} characters without ':', "
            f"not {str(kind)[:80]!r}"
        )
    return _register(_compensators, "compensator", kind, fn, replace)


def register_tool_compensator(fn: Compensator) -> str:
    """Register a tool's ``compensate=fn`` under :func:`ref_of` ``(fn)``; returns that key.

    Raises:
        AlreadyRegistered: a different function has the same ``module:qualname`` (two lambdas
            in one scope): give it a name with :func:`register_compensator` instead.
    """
    key = ref_of(fn)
    _register(_compensators, "compensator", key, fn, False)
    return key


def _by_bare_name(name: str) -> Compensator | None:
    # A journal written before compensators were keyed by module:qualname stored the
    # function's bare name as the kind: it still finds its function when exactly one
    # registered by a tool has that name.
    found = [
        fn
        for key, fn in _compensators.items()
        if ":" in key and getattr(fn, "__name__", None) == name
    ]
    return found[0] if len(found) == 1 else None


def get_compensator(kind: str) -> Compensator | None:
    """The compensator for an obligation's ``kind``: its key, else a unique bare name."""
    with _lock:
        found = _compensators.get(kind)
        if found is None and ":" not in kind:
            found = _by_bare_name(kind)
        return found


def require_compensator(ref: str) -> Compensator:
    """The compensator registered under ``ref``: what a ``compensator_ref`` may name.

    Raises:
        UnknownCompensator: ``ref`` is an import path (``module:attr``, never imported) this
            process did not register, or no compensator of that name is registered here.
    """
    found = _compensators.get(ref)
    if found is not None:
        return found
    if ":" in ref:
        raise errors.UnknownCompensator(
            f"compensator_ref {ref[:120]!r} is an import path; tape never imports code named "
            "by journal data: register the function (tape.register_compensator(name, fn)) "
            "and store its name"
        )
    raise errors.UnknownCompensator(
        f"compensator_ref {ref[:120]!r} is not a compensator registered in this process "
        "(tape.register_compensator(name, fn) in a module the process imports: "
        "TAPE_IMPORTS for workers and tape server)"
    )


def register_status_check(tool_name: str, fn: StatusCheck, *, replace: bool = False) -> StatusCheck:
    """Register how to ask whether an effect of ``tool_name`` happened.

    Keyed by the tool name because that is what the journal stores on the effect.

    Raises:
        AlreadyRegistered: another function checks ``tool_name`` and ``replace`` is false.
    """
    return _register(_status_checks, "status check for tool", tool_name, fn, replace)


def get_status_check(tool_name: str) -> StatusCheck | None:
    return _status_checks.get(tool_name)


def register_timer_handler(kind: str, fn: TimerHandler, *, replace: bool = False) -> TimerHandler:
    """Register what a due timer of ``kind`` does.

    Raises:
        AlreadyRegistered: another function handles ``kind`` and ``replace`` is false.
    """
    return _register(_timer_handlers, "timer handler", kind, fn, replace)


def get_timer_handler(kind: str) -> TimerHandler | None:
    return _timer_handlers.get(kind)


def clear() -> None:
    """Forget every registration (tests)."""
    with _lock:
        _compensators.clear()
        _status_checks.clear()
        _timer_handlers.clear()


Snapshot = tuple[dict[str, Compensator], dict[str, StatusCheck], dict[str, TimerHandler]]


def snapshot() -> Snapshot:
    """Every registration now (tests: pair it with :func:`restore`)."""
    with _lock:
        return dict(_compensators), dict(_status_checks), dict(_timer_handlers)


def restore(saved: Snapshot) -> None:
    """Put back what :func:`snapshot` returned."""
    compensators, status_checks, timer_handlers = saved
    with _lock:
        _compensators.clear()
        _compensators.update(compensators)
        _status_checks.clear()
        _status_checks.update(status_checks)
        _timer_handlers.clear()
        _timer_handlers.update(timer_handlers)
