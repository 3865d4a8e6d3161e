"""``examples/adk/crash_and_replay.py`` runs as a user runs it: a real SIGKILL of the process
running the ADK agent, then the same invocation replayed; one wire, no model turn asked twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import celery_procs

EXAMPLE = celery_procs.REPO_ROOT / "examples" / "adk" / "crash_and_replay.py"


def test_the_crash_and_replay_example(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), str(tmp_path)],
        env=celery_procs.process_env({}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    detail = result.stdout + result.stderr
    assert result.returncode == 0, detail
    lines = result.stdout.splitlines()
    assert lines[0] == "child attempt ended by signal 9 (SIGKILL is 9)", detail
    assert "answer: 'Paid.'; run TERMINAL; decisions 2; model asked 2" in lines, detail
    assert lines[-1] == "OK: one wire, no model turn asked twice", detail
    assert (tmp_path / "bank.txt").read_text() == "ACME-001 1250\n"
