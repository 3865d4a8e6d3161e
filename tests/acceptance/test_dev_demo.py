"""Test 3 of issue 5: ``tape dev --kill-resume-demo`` as a user runs it, in empty directories.

Each test runs the current venv's ``tape`` as a subprocess (no servers: SQLite journal and the
kombu filesystem broker under the temp dir's ``.tape/``; real worker and beat subprocesses; a
real SIGKILL of the pool process running the agent).

"Install it" is done by putting the scaffolded project on ``PYTHONPATH`` instead of
``pip install -e .``: a fresh venv (or an editable install into this one, which would leave a
``demo`` distribution behind in the shared venv) costs far more than the test itself, and
what the install provides (``import demo`` from the project) is exactly what PYTHONPATH gives.

The demo's own verdict is not trusted: after each demo the test reads ``.tape/dev.db`` itself
(the run TERMINAL, exactly one CONFIRMED ``wire_money`` for it, no run left unfinished).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tape.enums import EffectStatus, RunStatus
from tape.journal import Journal
from tape.state import RUN_FINAL

TAPE = str(Path(sys.executable).parent / "tape")
ASSERT_OK = "ASSERT: upstream observed exactly 1 wire ✓"
ASSERT_NONE = "ASSERT: upstream observed exactly 0 wires ✗"
_RUN_LINE = re.compile(r"^→ run (\S+) started", re.MULTILINE)

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


def _detail(result: subprocess.CompletedProcess[str], cwd: Path) -> str:
    logs = cwd / ".tape" / "logs" / "worker.log"
    return result.stdout + result.stderr + (logs.read_text() if logs.exists() else "")


def _run_id(result: subprocess.CompletedProcess[str], detail: str) -> str:
    found = _RUN_LINE.findall(result.stdout)
    assert len(found) == 1, detail
    return str(found[0])


def _journal(cwd: Path) -> Journal:
    return Journal(f"sqlite:///{cwd / '.tape' / 'dev.db'}")


def _assert_no_run_left_behind(journal: Journal, detail: str) -> None:
    unfinished = [r for r in journal.list_runs(limit=1000) if r.status not in RUN_FINAL]
    assert unfinished == [], detail


def _check(result: subprocess.CompletedProcess[str], cwd: Path) -> str:
    """The demo passed, by its output and by the journal it leaves; returns the wire's
    business key."""
    detail = _detail(result, cwd)
    assert result.returncode == 0, detail
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == ASSERT_OK, detail
    assert any(line.startswith("✗ agent killed mid-effect (pid ") for line in lines), detail
    assert "✓ run terminated cleanly" in lines, detail
    run_id = _run_id(result, detail)
    with _journal(cwd) as journal:
        assert journal.get_run(run_id=run_id).status == RunStatus.TERMINAL, detail
        wires = [e for e in journal.list_effects(run_id=run_id) if e.tool_name == "wire_money"]
        assert [e.status for e in wires] == [EffectStatus.CONFIRMED], detail
        _assert_no_run_left_behind(journal, detail)
        return wires[0].business_key


def test_init_then_kill_resume_demo_twice(tmp_path: Path) -> None:
    init = subprocess.run(
        [TAPE, "init", "demo"], cwd=tmp_path, env=_env(), capture_output=True, text=True
    )
    assert init.returncode == 0, init.stderr
    project = tmp_path / "demo"
    for name in ("demo/__init__.py", "demo/agent.py", "tape.yaml", "pyproject.toml", "README.md"):
        assert (project / name).is_file(), name

    first = _demo(project, _env(str(project)))
    first_key = _check(first, project)
    second = _demo(project, _env(str(project)))  # the same folder, the same journal
    second_key = _check(second, project)

    assert "from demo" in first.stdout  # the project's agent ran, not the built-in one
    assert first_key != second_key  # each demo run paid its own invoice
    with _journal(project) as journal:
        assert len(journal.list_runs(limit=1000)) == 2


def test_the_readmes_first_agent_passes_the_demo(tmp_path: Path) -> None:
    """README.md's first agent, put in a scaffold as the README says, survives the SIGKILL
    mid-wire: its tool requires a scope, which the demo grants its run (and says so)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    agent = re.search(r"```python\n(# shop/agent\.py\n.*?)```", readme, re.DOTALL)
    assert agent is not None, "README.md's first agent (a block starting '# shop/agent.py')"
    init = subprocess.run(
        [TAPE, "init", "shop"], cwd=tmp_path, env=_env(), capture_output=True, text=True
    )
    assert init.returncode == 0, init.stderr
    project = tmp_path / "shop"
    (project / "shop" / "agent.py").write_text(agent[1], encoding="utf-8")

    result = _demo(project, _env(str(project)))

    _check(result, project)
    assert "→ granting the demo run the scopes its tools require: payments:wire" in result.stdout


def test_demo_alone_in_an_empty_dir(tmp_path: Path) -> None:
    result = _demo(tmp_path, _env())

    _check(result, tmp_path)
    assert "from tape.demo" in result.stdout
    # Issue 21: the journal, its broker and logs are the user's alone.
    dot_tape = tmp_path / ".tape"
    for folder in (dot_tape, dot_tape / "broker", dot_tape / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((dot_tape / "dev.db").stat().st_mode) == 0o600


def test_demo_reports_failure_when_its_wire_was_already_made(tmp_path: Path) -> None:
    """The exit-1 branch, reached legitimately: demo inputs without ``{demo_run}`` (a project
    scaffolded before it existed) make the second demo's wire match the first's by business
    key, so nothing is wired and no effect is interrupted. The demo says so, exits 1, and
    leaves no run unfinished."""
    subprocess.run([TAPE, "init", "demo"], cwd=tmp_path, env=_env(), check=True)
    project = tmp_path / "demo"
    config = project / "tape.yaml"
    fixed = re.sub(r"invoice: .*", "invoice: INV-42", config.read_text())
    assert "{demo_run}" not in fixed
    config.write_text(fixed)
    first_key = _check(_demo(project, _env(str(project))), project)

    again = _demo(project, _env(str(project)))

    detail = _detail(again, project)
    assert again.returncode == 1, detail
    lines = again.stdout.strip().splitlines()
    assert lines[-1] == ASSERT_NONE, detail
    assert any("matched an earlier run's effect by business key" in line for line in lines), detail
    run_id = _run_id(again, detail)
    with _journal(project) as journal:
        assert journal.get_run(run_id=run_id).status in RUN_FINAL, detail
        keys = {
            e.business_key
            for run in journal.list_runs(limit=1000)
            for e in journal.list_effects(run_id=run.run_id)
            if e.tool_name == "wire_money"
        }
        assert keys == {first_key}, detail  # the journal holds the first demo's wire only
        _assert_no_run_left_behind(journal, detail)
