"""Waiting for a condition in tests: poll with a generous deadline, never sleep-and-hope."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    probe: Callable[[], T | None],
    *,
    timeout: float,
    interval: float = 0.2,
    message: str | Callable[[], str] = "condition",
    tick: Callable[[], None] | None = None,
) -> T:
    """Poll ``probe`` until it returns something truthy, and return that.

    ``message`` (a string, or a callable for a description built at the time of failure)
    names what was awaited in the ``AssertionError`` raised at ``timeout`` seconds; ``tick``
    runs between polls (e.g. a pass to drive).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            what = message() if callable(message) else message
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        if tick is not None:
            tick()
        time.sleep(interval)
