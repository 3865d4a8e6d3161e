"""A crash hook for tests and the kill-resume demo. **Not for production use.**

``TAPE_CRASH_AT=<point>:<tool>`` SIGKILLs the process running the agent when the effect wrapper
of tool ``<tool>`` reaches ``<point>``:

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
"""

from __future__ import annotations

import os
import signal

POINTS = ("before_tool", "after_begin_effect", "after_complete_effect")


def maybe_crash(point: str, tool: str) -> None:
    """SIGKILL this process if ``TAPE_CRASH_AT`` names ``point`` for ``tool``."""
    specs = [s.strip() for s in os.environ.get("TAPE_CRASH_AT", "").split(",") if s.strip()]
    for spec in specs:
        want_point, _, want_tool = spec.partition(":")
        if want_point == point and (not want_tool or want_tool == tool):
            once = os.environ.get("TAPE_CRASH_ONCE_FILE", "")
            if once and len(specs) > 1:
                once = f"{once}.{want_point}.{want_tool}"
            _crash(once)
            return


def _crash(once: str) -> None:
    if once:
        try:
            os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return
    # A real kill -9: no finally blocks, no atexit, no lease release; recovery must cope.
    os.kill(os.getpid(), signal.SIGKILL)
