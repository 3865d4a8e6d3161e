"""Issue 28, item 2: under a real ``tape dev`` (scaffolded project, SQLite journal, filesystem
broker, real worker, beat and fake bank), the recommended non-idempotent declaration,
``@tape.effect(semantics="non_idempotent", dispatch="outbox", ..., scope=...)``, runs from the
CLI: ``tape run AGENT --scope S --wait`` takes the run to TERMINAL, the wire CONFIRMED once.
Without the scope the run is refused before anything happens: one line naming how to grant
it, exit 2, no run journaled (so no earlier effect of the agent happened either).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tape.cli.init import scaffold
from tape.enums import EffectSemantics, EffectStatus, RunStatus
from tape.journal import Journal
from tests.acceptance.test_tape_run import READY, _stop
from tests.support.waiting import wait_until

TAPE = str(Path(sys.executable).parent / "tape")
ARGS = ["--arg", "account=ACME-001", "--arg", "amount=100", "--arg", "date=2025-01-31"]

pytestmark = pytest.mark.slow

SCOPED_AGENT = '''

@tape.effect()
def note_order(invoice: str) -> dict[str, str]:
    """An idempotent effect the agent makes before its wire."""
    return {"noted": invoice}


@tape.effect(
    semantics="non_idempotent",
    dispatch="outbox",
    connector="bank.wire",
    business_key=lambda account, reference, **_: f"{account}:{reference}",
    scope="payments:wire",
)
def scoped_wire(account: str, amount: int, date: str, reference: str) -> dict[str, Any]:
    return {"account": account, "amount": amount, "date": date, "reference": reference}


@tape.agent(name="pay_scoped", lease_ttl_ms=5_000)
def pay_scoped(
    ctx: tape.RunContext, invoice: str, account: str, amount: int, date: str
) -> dict[str, Any]:
    note_order(invoice)
    return {"receipt": scoped_wire(account, amount, date, invoice)}
'''


def test_tape_run_scope_starts_a_non_idempotent_run_to_terminal(tmp_path: Path) -> None:
    project = tmp_path / "acme-pay"
    scaffold(project, "acme-pay")
    with (project / "acme_pay" / "agent.py").open("a") as agent_file:
        agent_file.write(SCOPED_AGENT)
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

    def tape_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [TAPE, "run", "pay_scoped", *ARGS, *args, "--wait"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    journal = Journal(f"sqlite:///{project / '.tape' / 'dev.db'}")
    try:
        wait_until(lambda: READY in out.read_text(errors="replace"), timeout=90, message=detail)

        refused = tape_run("--arg", "invoice=INV-NO-SCOPE")
        assert refused.returncode == 2, refused.stdout + refused.stderr + detail()
        assert refused.stdout == ""
        assert refused.stderr == (
            "tape: error: agent 'pay_scoped' cannot start: scoped_wire requires scope "
            "'payments:wire' (granted: none). Grant it to every run of the agent with "
            "@tape.agent(scopes=['payments:wire']), or to one run with "
            "`tape run AGENT --scope payments:wire` or .delay(..., scopes=['payments:wire'])\n"
        )
        assert [r for r in journal.list_runs(limit=100) if r.app_name == "pay_scoped"] == []

        ran = tape_run("--arg", "invoice=INV-SCOPED", "--scope", "payments:wire")
        assert ran.returncode == 0, ran.stdout + ran.stderr + detail()
        first, status, *result = ran.stdout.splitlines()
        run_id = first.split()[1]
        assert status == f"run {run_id} TERMINAL"
        assert json.loads("\n".join(result))["receipt"], ran.stdout

        run = journal.get_run(run_id=run_id)
        assert (run.status, run.scopes) == (RunStatus.TERMINAL, ["payments:wire"])
        effects = {e.tool_name: e for e in journal.list_effects(run_id=run_id)}
        assert sorted(effects) == ["note_order", "scoped_wire"]
        wire = effects["scoped_wire"]
        assert (wire.semantics, wire.scope, wire.status, wire.dispatch_attempts) == (
            EffectSemantics.NON_IDEMPOTENT,
            "payments:wire",
            EffectStatus.CONFIRMED,
            1,
        )
    finally:
        journal.close()
        _stop(dev, out.read_text(errors="replace"))
