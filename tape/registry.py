"""In-process registries the reactors look things up in, filled by user code at import time.

- compensators, by kind: ``fn(**payload) -> JSON-able result`` (the inverse of an effect);
- status checks, by tool name: ``fn(effect) -> bool | dict`` ("did it happen?") for tools
  without a connector ``observe()``;
- timer handlers, by timer kind: ``fn(journal, timer) -> str`` (what was done).

Worker processes fill them by importing the modules named in ``TAPE_IMPORTS``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Compensator = Callable[..., Any]
StatusCheck = Callable[[Any], Any]
TimerHandler = Callable[[Any, Any], str]

_lock = threading.Lock()
_compensators: dict[str, Compensator] = {}
_status_checks: dict[str, StatusCheck] = {}
_timer_handlers: dict[str, TimerHandler] = {}


def register_compensator(kind: str, fn: Compensator) -> Compensator:
    """Register the inverse for obligations of ``kind`` (overwriting is allowed)."""
    with _lock:
        _compensators[kind] = fn
    return fn


def get_compensator(kind: str) -> Compensator | None:
    return _compensators.get(kind)


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
