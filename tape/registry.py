"""In-process registries the reactors look things up in, filled by user code at import time.

- compensators, by kind: ``fn(**payload) -> JSON-able result`` (the inverse of an effect);
- status checks, by tool name: ``fn(effect) -> bool | dict`` ("did it happen?") for tools
  without a connector ``observe()``;
- timer handlers, by timer kind: ``fn(journal, timer) -> str`` (what was done).

Worker processes fill them by importing the modules named in ``TAPE_IMPORTS``.

These registries are the allow-list between the journal and code (docs: README "Security"):
whatever a journal writer stores (an obligation's ``kind`` or ``compensator_ref``, a tool
name, a timer kind) is looked up here by name, never imported. A name therefore never holds
``:`` (the ``module:attr`` form older journals stored as an import path).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from tape import errors

Compensator = Callable[..., Any]
StatusCheck = Callable[[Any], Any]
TimerHandler = Callable[[Any, Any], str]

_lock = threading.Lock()
_compensators: dict[str, Compensator] = {}
_status_checks: dict[str, StatusCheck] = {}
_timer_handlers: dict[str, TimerHandler] = {}


#: The longest name a journal column holds (``tape_obligations.compensator_ref``).
MAX_NAME_CHARS = 255


def register_compensator(kind: str, fn: Compensator) -> Compensator:
    """Register ``fn`` as the inverse named ``kind`` (overwriting is allowed).

    The compensation pass calls it, as ``fn(**payload)``, for obligations of that ``kind``
    and for obligations whose ``compensator_ref`` is that name.

    Args:
        kind: the compensator's name: not empty, at most 255 characters, no ``:``.
        fn: the inverse; it must be idempotent (it runs at least once).

    Returns:
        ``fn``, so this can be used as a decorator's body.

    Raises:
        InvalidArgument: ``kind`` is not a name, or ``fn`` is not callable.
    """
    if not isinstance(kind, str) or not kind or len(kind) > MAX_NAME_CHARS or ":" in kind:
        raise errors.InvalidArgument(
            f"a compensator name is 1-{MAX_NAME_CHARS} characters without ':', "
            f"not {str(kind)[:80]!r}"
        )
    if not callable(fn):
        raise errors.InvalidArgument(f"compensator {kind!r} must be callable")
    with _lock:
        _compensators[kind] = fn
    return fn


def get_compensator(kind: str) -> Compensator | None:
    return _compensators.get(kind)


def require_compensator(ref: str) -> Compensator:
    """The compensator registered under ``ref``: what a ``compensator_ref`` may name.

    Raises:
        UnknownCompensator: ``ref`` is an import path (``module:attr``, never imported), or
            no compensator of that name is registered in this process.
    """
    if ":" in ref:
        raise errors.UnknownCompensator(
            f"compensator_ref {ref[:120]!r} is an import path; tape never imports code named "
            "by journal data: register the function (tape.register_compensator(name, fn)) "
            "and store its name"
        )
    found = _compensators.get(ref)
    if found is None:
        raise errors.UnknownCompensator(
            f"compensator_ref {ref[:120]!r} is not a compensator registered in this process "
            "(tape.register_compensator(name, fn) in a module the process imports: "
            "TAPE_IMPORTS for workers and tape server)"
        )
    return found


def register_status_check(tool_name: str, fn: StatusCheck) -> StatusCheck:
    """Register how to ask whether an effect of ``tool_name`` happened."""
    with _lock:
        _status_checks[tool_name] = fn
    return fn


def get_status_check(tool_name: str) -> StatusCheck | None:
    return _status_checks.get(tool_name)


def register_timer_handler(kind: str, fn: TimerHandler) -> TimerHandler:
    """Register what a due timer of ``kind`` does."""
    with _lock:
        _timer_handlers[kind] = fn
    return fn


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
