"""Hooks around tool calls: the one seam tracing, metrics and the crash injector plug into.

A :class:`ToolHooks` subclass overrides the points it cares about; :func:`add` installs it
for the process (or use :func:`installed` for a block). The runtime calls every installed
hook, in the order added, at four points of a tool call made inside a run:

=========================  ===================================================================
point                      when
=========================  ===================================================================
``before_tool``            before the call is journaled (nothing recorded for it yet)
``after_begin_effect``     after the effect is journaled PENDING (or found), before its outcome
``after_complete_effect``  after the effect's outcome is recorded (or seen CONFIRMED)
``after_tool``             after the call returns or raises (``error`` is what it raised)
=========================  ===================================================================

A hook that raises stops the tool call (it is the caller's code); keep hooks cheap: they run
on every call. With no hooks installed each point is one empty-tuple loop.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator


class ToolHooks:
    """Override the points you need; each default does nothing."""

    def before_tool(self, tool: str) -> None:
        """Before the call of ``tool`` is journaled."""

    def after_begin_effect(self, tool: str, key: str) -> None:
        """After the effect ``key`` of ``tool`` is journaled (or found)."""

    def after_complete_effect(self, tool: str, key: str) -> None:
        """After the outcome of the effect ``key`` is recorded (or seen CONFIRMED)."""

    def after_tool(self, tool: str, error: BaseException | None) -> None:
        """After the call returned (``error`` None) or raised ``error``."""


_lock = threading.Lock()
# A tuple swapped whole: the hot path reads it without the lock.
_hooks: tuple[ToolHooks, ...] = ()


def add(hook: ToolHooks) -> ToolHooks:
    """Install ``hook`` for this process (again: no-op); returns it."""
    global _hooks
    with _lock:
        if hook not in _hooks:
            _hooks = (*_hooks, hook)
    return hook


def remove(hook: ToolHooks) -> None:
    """Uninstall ``hook`` (not installed: no-op)."""
    global _hooks
    with _lock:
        _hooks = tuple(h for h in _hooks if h is not hook)


@contextlib.contextmanager
def installed(hook: ToolHooks) -> Iterator[ToolHooks]:
    """``hook`` installed inside the block only."""
    add(hook)
    try:
        yield hook
    finally:
        remove(hook)


def before_tool(tool: str) -> None:
    for hook in _hooks:
        hook.before_tool(tool)


def after_begin_effect(tool: str, key: str) -> None:
    for hook in _hooks:
        hook.after_begin_effect(tool, key)


def after_complete_effect(tool: str, key: str) -> None:
    for hook in _hooks:
        hook.after_complete_effect(tool, key)


def after_tool(tool: str, error: BaseException | None = None) -> None:
    for hook in _hooks:
        hook.after_tool(tool, error)
