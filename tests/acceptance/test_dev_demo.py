"""Test 3 of issue 5: ``tape dev --kill-resume-demo`` as a user runs it, in empty directories.

Each test runs the current venv's ``tape`` as a subprocess (no servers: SQLite journal and the
kombu filesystem broker under the temp dir's ``.tape/``; real worker and beat subprocesses; a
real SIGKILL of the pool process running the agent).

"Install it" is done by putting the scaffolded project on ``PYTHONPATH`` instead of
``pip install -e .``: a fresh venv (or an editable install into this one, which would leave a
``demo`` distribution behind in the shared venv) costs far more than the test itself, and
what the install provides (``import app`` from the project) is exactly what PYTHONPATH gives.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TAPE = str(Path(sys.executable).parent / "tape")
ASSERT_OK = "ASSERT: upstream observed exactly 1 wire ✓"

pytestmark = pytest.mark.slow


def _env(extra_path: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    env["PYTHONPATH"] = extra_path
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _demo(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TAPE, "dev", "--kill-resume-demo", "--timeout", "90"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )


def _check(result: subprocess.CompletedProcess[str], cwd: Path) -> None:
    logs = cwd / ".tape" / "logs" / "worker.log"
    detail = result.stdout + result.stderr + (logs.read_text() if logs.exists() else "")
    assert result.returncode == 0, detail
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == ASSERT_OK, detail
    assert any(line.startswith("✗ agent killed mid-effect (pid ") for line in lines), detail
    assert "✓ run terminated cleanly" in lines, detail


def test_init_then_kill_resume_demo(tmp_path: Path) -> None:
    init = subprocess.run(
        [TAPE, "init", "demo"], cwd=tmp_path, env=_env(), capture_output=True, text=True
    )
    assert init.returncode == 0, init.stderr
    project = tmp_path / "demo"
    for name in ("app/__init__.py", "app/agent.py", "tape.yaml", "pyproject.toml", "README.md"):
        assert (project / name).is_file(), name

    result = _demo(project, _env(str(project)))

    _check(result, project)
    assert "from app" in result.stdout  # the project's agent ran, not the built-in one


def test_demo_alone_in_an_empty_dir(tmp_path: Path) -> None:
    result = _demo(tmp_path, _env())

    _check(result, tmp_path)
    assert "from tape.demo" in result.stdout
