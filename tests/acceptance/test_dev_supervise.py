"""``tape dev`` supervises the worker and beat it started (issue 8, "Supervision").

A real ``tape dev`` (SQLite journal, filesystem broker, real ``celery -A tape worker|beat``
subprocesses) whose worker main process, then beat, is SIGKILLed: each is restarted, ``tape dev``
prints a line saying so, the new worker gets ready, and Ctrl-C still stops everything.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

TAPE = str(Path(sys.executable).parent / "tape")
DEADLINE_S = 60.0
_STARTED = re.compile(r"✓ worker started \(pid (\d+)\), beat started \(pid (\d+)\)")

pytestmark = pytest.mark.slow


def _wait_for(what: str, found: Callable[[], object], detail: Callable[[], str]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not found():
        assert time.monotonic() < deadline, f"no {what} within {DEADLINE_S:.0f}s:\n{detail()}"
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_tape_dev_restarts_a_killed_worker_and_beat(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    env.update(PYTHONPATH="", PYTHONUNBUFFERED="1")
    out = tmp_path / "tape-dev.out"
    worker_log = tmp_path / ".tape" / "logs" / "worker.log"
    with out.open("wb") as sink:
        dev = subprocess.Popen(
            [TAPE, "dev"], cwd=tmp_path, env=env, stdout=sink, stderr=subprocess.STDOUT
        )

    def text() -> str:
        return out.read_text(errors="replace")

    def detail() -> str:
        log = worker_log.read_text(errors="replace") if worker_log.exists() else ""
        return f"{text()}\n--- worker.log ---\n{log[-4000:]}"

    try:
        _wait_for("startup line", lambda: _STARTED.search(text()), detail)
        started = _STARTED.search(text())
        assert started is not None
        worker_pid, beat_pid = int(started[1]), int(started[2])

        os.kill(worker_pid, signal.SIGKILL)
        restarted = f"↻ restarted the worker (pid {worker_pid} -> "
        _wait_for("worker restart line", lambda: restarted in text(), detail)
        line = next(x for x in text().splitlines() if x.startswith(restarted))
        new_worker = int(line[len(restarted) :].split(",")[0])
        assert f"✗ the worker (pid {worker_pid}) was killed by SIGKILL; restarting" in text()
        assert _alive(new_worker)
        # The new worker gets ready (its log is appended to the first one's).
        _wait_for(
            "second worker 'ready.'",
            lambda: worker_log.read_text(errors="replace").count(" ready.") == 2,
            detail,
        )

        os.kill(beat_pid, signal.SIGKILL)
        beat_restarted = f"↻ restarted the beat (pid {beat_pid} -> "
        _wait_for("beat restart line", lambda: beat_restarted in text(), detail)
        assert dev.poll() is None, detail()
    finally:
        if dev.poll() is None:
            dev.send_signal(signal.SIGINT)
        code = dev.wait(timeout=60)

    assert code == 0, detail()
    assert f"stopping the worker (pid {new_worker}), the beat (pid " in text()
    assert "✓ stopped (" in text()
    assert not _alive(new_worker)
