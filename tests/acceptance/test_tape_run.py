"""Issue 14, "Starting a run": under a real ``tape dev`` (scaffolded project, SQLite journal,
filesystem broker, real worker and beat), ``tape run AGENT --arg ... --wait`` starts a run and
prints its result, and a plain Python script in the project folder (``agent.delay()``, no
``TAPE_*`` variables) reaches the same journal and broker because it reads ``tape.yaml`` too.
The worker's and beat's logs (``--loglevel=INFO``) carry no per-tick lines of tape's passes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tape.cli.init import scaffold
from tape.enums import RunStatus
from tape.journal import Journal
from tests.support.waiting import wait_until

TAPE = str(Path(sys.executable).parent / "tape")
READY = "Start a run from another shell: tape run pay_invoice"
ARGS = ["--arg", "account=ACME-001", "--arg", "amount=100", "--arg", "date=2025-01-31"]

pytestmark = pytest.mark.slow

SCRIPT = """
from tape import runtime
from acme_pay.agent import pay_invoice
handle = pay_invoice.delay(invoice="INV-PY", account="ACME-001", amount=5, date="2025-02-01")
print(handle.run_id, runtime.settings().broker_url)
"""
_STARTED = re.compile(r"✓ worker started \(pid (\d+)\), beat started \(pid (\d+)\)")


def test_tape_run_and_a_script_start_runs_under_tape_dev(tmp_path: Path) -> None:
    project = tmp_path / "acme-pay"
    scaffold(project, "acme-pay")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    env.update(PYTHONPATH=str(project), PYTHONUNBUFFERED="1")
    out = tmp_path / "tape-dev.out"
    with out.open("wb") as sink:
        dev = subprocess.Popen(
            [TAPE, "dev"], cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT
        )

    def detail() -> str:
        log = project / ".tape" / "logs" / "worker.log"
        worker = log.read_text(errors="replace")[-4000:] if log.exists() else ""
        return f"{out.read_text(errors='replace')}\n--- worker.log ---\n{worker}"

    try:
        wait_until(lambda: READY in out.read_text(errors="replace"), timeout=90, message=detail)
        script = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert script.returncode == 0, script.stderr + detail()
        script_run, broker = script.stdout.split()
        # No TAPE_* variables: the script read tape.yaml, as tape dev did.
        assert broker == f"filesystem://{(project / '.tape' / 'broker').resolve()}"

        ran = subprocess.run(
            [TAPE, "run", "pay_invoice", "--arg", "invoice=INV-CLI", *ARGS, "--wait"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert ran.returncode == 0, ran.stdout + ran.stderr + detail()
        first, status, *result = ran.stdout.splitlines()
        run_id = first.split()[1]
        assert first == f"run {run_id} started (agent pay_invoice)"
        assert status == f"run {run_id} TERMINAL"
        answer = json.loads("\n".join(result))
        assert answer["answer"] == "Paid INV-CLI: wired 100 to ACME-001 on 2025-01-31."

        with Journal(f"sqlite:///{project / '.tape' / 'dev.db'}") as journal:
            wait_until(
                lambda: journal.get_run(run_id=script_run).status == RunStatus.TERMINAL,
                timeout=60,
                message=detail,
            )
        # Beat ticks stay below INFO: no per-tick lines. (No pass has work here: the wire's
        # outcome sends the released run's agent task itself, so recovery finds nothing.)
        worker_log = (project / ".tape" / "logs" / "worker.log").read_text(errors="replace")
        beat_log = (project / ".tape" / "logs" / "beat.log").read_text(errors="replace")
        assert "Task tape.reactors." not in worker_log, detail()
        assert "Task tape.agents.pay_invoice[" in worker_log
        assert "Sending due task" not in beat_log
    finally:
        _stop(dev, out.read_text(errors="replace"))


def _stop(dev: subprocess.Popen[bytes], output: str) -> None:
    """Ctrl-C ``tape dev``; its worker and beat (started by this test, by pid) are killed at
    once rather than waiting out a warm shutdown."""
    dev.send_signal(signal.SIGINT)
    started = _STARTED.search(output)
    if started is not None:
        for pid in (int(started[1]), int(started[2])):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
    dev.wait(timeout=60)
