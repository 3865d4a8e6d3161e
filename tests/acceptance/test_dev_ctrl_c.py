"""Ctrl-C on ``tape dev`` (issue 28, item 10): it says what it stops, and the worker's warm
shutdown stops its own pool (before, SIGTERM to the whole process group killed the pool under
the worker, which then waited for it until the grace period ran out: 11 s of silence).

A real ``tape dev`` (SQLite journal, filesystem broker, ``celery -A tape worker|beat``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TAPE = str(Path(sys.executable).parent / "tape")
DEADLINE_S = 60.0
_STARTED = re.compile(r"✓ worker started \(pid (\d+)\), beat started \(pid (\d+)\)")

pytestmark = pytest.mark.slow


def test_ctrl_c_says_what_it_stops_and_the_worker_stops_its_own_pool(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    env.update(PYTHONPATH="", PYTHONUNBUFFERED="1")
    out = tmp_path / "tape-dev.out"
    worker_log = tmp_path / ".tape" / "logs" / "worker.log"
    with out.open("wb") as sink:
        dev = subprocess.Popen(
            [TAPE, "dev"], cwd=tmp_path, env=env, stdout=sink, stderr=subprocess.STDOUT
        )

    def detail() -> str:
        log = worker_log.read_text(errors="replace") if worker_log.exists() else ""
        return f"{out.read_text(errors='replace')}\n--- worker.log ---\n{log[-4000:]}"

    try:
        deadline = time.monotonic() + DEADLINE_S
        while "Press Ctrl-C to stop." not in out.read_text(errors="replace"):
            assert dev.poll() is None, detail()
            assert time.monotonic() < deadline, detail()
            time.sleep(0.2)
        started = _STARTED.search(out.read_text(errors="replace"))
        assert started is not None, detail()
        worker, beat = started[1], started[2]

        dev.send_signal(signal.SIGINT)
        code = dev.wait(timeout=DEADLINE_S)
    finally:
        if dev.poll() is None:
            dev.kill()
            dev.wait()

    printed = out.read_text(errors="replace")
    assert code == 0, detail()
    assert (
        f"stopping the worker (pid {worker}), the beat (pid {beat}) and the fake bank…" in printed
    ), detail()
    assert re.search(r"✓ stopped \(\d+\.\ds\)", printed), detail()
    log = worker_log.read_text(errors="replace")
    assert "Warm shutdown" in log, detail()
    assert "exited with 'signal 15 (SIGTERM)'" not in log, detail()
    assert "exited with 'signal 9 (SIGKILL)'" not in log, detail()
