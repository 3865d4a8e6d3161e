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
"""

from __future__ import annotations

import os
import signal

POINTS = ("before_tool", "after_begin_effect", "after_complete_effect")


def maybe_crash(point: str, tool: str) -> None:
    """SIGKILL this process if ``TAPE_CRASH_AT`` names ``point`` for ``tool``."""
    spec = os.environ.get("TAPE_CRASH_AT", "")
    if not spec:
        return
    want_point, _, want_tool = spec.partition(":")
    if want_point != point or (want_tool and want_tool != tool):
        return
    once = os.environ.get("TAPE_CRASH_ONCE_FILE", "")
    if once:
        try:
            os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return
    # A real kill -9: no finally blocks, no atexit, no lease release; recovery must cope.
    os.kill(os.getpid(), signal.SIGKILL)
