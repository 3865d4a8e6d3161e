"""A crash injector for tests and the kill-resume demo. **Not for production use.**

``TAPE_CRASH_AT=<point>:<tool>`` SIGKILLs the process running the agent when a call of tool
``<tool>`` reaches ``<point>`` (a :mod:`tape.hooks` point):

===========================  ===========================================================
point                        where
===========================  ===========================================================
``before_tool``              before the tool call is journaled (nothing recorded for it)
``after_begin_effect``       after the effect is journaled PENDING, before its outcome
``after_complete_effect``    after the effect's outcome is recorded (or seen CONFIRMED),
                             before the agent goes on to its next model call
===========================  ===========================================================

With ``TAPE_CRASH_ONCE_FILE=<path>`` the process crashes only if it can create that file
(``O_EXCL``), so exactly one process in a test crashes and the re-driven run goes on.

Several ``<point>:<tool>`` specs may be given, comma-separated (one worker, one kill point per
tool); each then crashes once on its own file, ``<path>.<point>.<tool>``.

The environment is read once, when this module is imported: an armed process gets a
:class:`CrashInjector` installed as a tool hook; an unarmed one installs nothing, so tool
calls pay nothing for it. :func:`armed` arms one block of code (a test's single attempt).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator

from tape import hooks

POINTS = ("before_tool", "after_begin_effect", "after_complete_effect")


class CrashInjector(hooks.ToolHooks):
    """SIGKILLs this process at the ``(point, tool)`` pairs of a ``TAPE_CRASH_AT`` spec."""

    def __init__(self, spec: str, once_file: str = "") -> None:
        self.specs = [
            (point, tool)
            for point, _, tool in (s.strip().partition(":") for s in spec.split(","))
            if point
        ]
        self.once_file = once_file

    def fire(self, point: str, tool: str) -> None:
        """SIGKILL this process if the spec names ``point`` for ``tool``."""
        for want_point, want_tool in self.specs:
            if want_point == point and (not want_tool or want_tool == tool):
                once = self.once_file
                if once and len(self.specs) > 1:
                    once = f"{once}.{want_point}.{want_tool}"
                _crash(once)
                return

    def before_tool(self, tool: str) -> None:
        self.fire("before_tool", tool)

    def after_begin_effect(self, tool: str, key: str) -> None:
        self.fire("after_begin_effect", tool)

    def after_complete_effect(self, tool: str, key: str) -> None:
        self.fire("after_complete_effect", tool)


def _from_env() -> CrashInjector | None:
    spec = os.environ.get("TAPE_CRASH_AT", "")
    if not spec.strip():
        return None
    return CrashInjector(spec, os.environ.get("TAPE_CRASH_ONCE_FILE", ""))


#: The injector ``TAPE_CRASH_AT`` armed at import (installed as a tool hook), or None.
FROM_ENV = _from_env()
if FROM_ENV is not None:
    hooks.add(FROM_ENV)


def maybe_crash(point: str, tool: str) -> None:
    """SIGKILL this process if the ``TAPE_CRASH_AT`` read at import names ``point`` for
    ``tool`` (what the installed hook does at that point)."""
    if FROM_ENV is not None:
        FROM_ENV.fire(point, tool)


@contextlib.contextmanager
def armed(spec: str, once_file: str = "") -> Iterator[None]:
    """Inside the block, crash as ``TAPE_CRASH_AT=spec`` (and ``TAPE_CRASH_ONCE_FILE``)
    would; an empty ``spec`` arms nothing."""
    if not spec.strip():
        yield
        return
    with hooks.installed(CrashInjector(spec, once_file)):
        yield


def _crash(once: str) -> None:
    if once:
        try:
            os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return
    # A real kill -9: no finally blocks, no atexit, no lease release; recovery must cope.
    os.kill(os.getpid(), signal.SIGKILL)
