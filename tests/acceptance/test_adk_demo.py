"""Issue 9: ``tape init NAME --framework adk`` then ``tape dev --kill-resume-demo`` in it, as a
user runs them (SQLite, the filesystem broker, real worker and beat subprocesses, a real
SIGKILL of the pool process running the ADK agent between BeginEffect and CompleteEffect).

As in ``test_dev_demo``, the scaffold is put on ``PYTHONPATH`` instead of ``pip install -e .``,
and the demo's verdict is checked against the journal it leaves.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tape.enums import EffectStatus, RunStatus
from tests.acceptance.test_dev_demo import ASSERT_OK, TAPE, _demo, _detail, _env, _journal, _run_id

pytestmark = pytest.mark.slow

SEED_LINES = (
    "✓ reactors started (recovery, reconciler, outbox, timers, compensation, matcher, "
    "reaction dispatch)",
    "✓ agent started (`pay_invoice` from treasury)",
    "✓ effect `wire_money` short-circuited (already CONFIRMED)",
    "✓ run terminated cleanly",
)


def test_init_framework_adk_then_the_kill_resume_demo(tmp_path: Path) -> None:
    init = subprocess.run(
        [TAPE, "init", "treasury", "--framework", "adk"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert init.returncode == 0, init.stderr
    project = tmp_path / "treasury"
    assert "durable_app(" in (project / "treasury" / "agent.py").read_text()

    result = _demo(project, _env(str(project)))

    detail = _detail(result, project)
    assert result.returncode == 0, detail
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == ASSERT_OK, detail
    for line in SEED_LINES:
        assert line in lines, (line, detail)
    assert any(line.startswith("✗ agent killed mid-effect (pid ") for line in lines), detail
    # No "↻ recovery reactor" line is required: when the killed task's message is redelivered
    # after the dead attempt's lease ran out, that redelivery re-attaches the run itself (as in
    # tape's own demo), and recovery has nothing left to claim.
    assert any(line.startswith("✓ agent re-attached at decision_index=") for line in lines)
    run_id = _run_id(result, detail)
    with _journal(project) as journal:
        run = journal.get_run(run_id=run_id)
        assert run.status == RunStatus.TERMINAL, detail
        assert run.detail["result"]["answer"].startswith("Paid INV-42-"), run.detail
        wires = [e for e in journal.list_effects(run_id=run_id) if e.tool_name == "wire_money"]
        assert [e.status for e in wires] == [EffectStatus.CONFIRMED], detail
        assert journal.count_decisions(run_id=run_id) == 2
