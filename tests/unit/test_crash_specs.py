"""``TAPE_CRASH_AT`` with several ``point:tool`` specs: each kills once, on its own file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

CRASH = Path(__file__).resolve().parents[2] / "tape" / "agents" / "crash.py"
# The module alone (it needs only os, signal and tape.hooks): a child that imports all of tape
# is slower.
CALL = (
    "import importlib.util as u; s = u.spec_from_file_location('crash', {path!r}); "
    "m = u.module_from_spec(s); s.loader.exec_module(m); "
    "m.maybe_crash({point!r}, {tool!r}); print('alive')"
)


def hit(point: str, tool: str, once: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TAPE_")},
        "TAPE_CRASH_AT": "before_tool:a, after_begin_effect:b",
        "TAPE_CRASH_ONCE_FILE": str(once),
    }
    return subprocess.run(
        [sys.executable, "-c", CALL.format(path=str(CRASH), point=point, tool=tool)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_each_spec_crashes_once_at_its_own_point(tmp_path: Path) -> None:
    once = tmp_path / "crashed"
    assert hit("before_tool", "b", once).stdout == "alive\n"  # b dies at another point
    assert hit("after_begin_effect", "b", once).returncode == -signal.SIGKILL
    assert (tmp_path / "crashed.after_begin_effect.b").exists()
    assert hit("after_begin_effect", "b", once).stdout == "alive\n"  # once only
    assert hit("before_tool", "a", once).returncode == -signal.SIGKILL
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "crashed.after_begin_effect.b",
        "crashed.before_tool.a",
    ]
