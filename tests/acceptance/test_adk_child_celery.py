"""Issue 26, test 5: an ADK app whose ``AgentTool`` sub-agent wires money runs the sub-agent
as a child run (``tape.adk.ChildAgentTool``, tests.support.adk_child_app). A real
``celery -A tape worker`` is SIGKILLed inside the sub-agent, right after its wire was
journaled (``TAPE_CRASH_AT=after_begin_effect:wire_sub``, once); the child is recovered on its
own, the parent resumes when it ends, and the bank booked one wire.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path

import pytest

from tape import EffectStatus, Journal, RunStatus
from tape.testing import FakeUpstream
from tests.support import celery_procs
from tests.support.adk_app import ACCOUNT

pytestmark = pytest.mark.postgres_only


def test_a_sub_agent_killed_mid_wire_is_a_child_run_and_wires_once(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, bank: FakeUpstream
) -> None:
    reference = f"INV-{uuid.uuid4().hex[:8]}"
    crashed = tmp_path / "crashed"
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.worker_connectors,tests.support.adk_child_app",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_REACTOR_LEASE_MS": "5000",
        "TAPE_CRASH_AT": "after_begin_effect:wire_sub",
        "TAPE_CRASH_ONCE_FILE": str(crashed),
        "AGENT_LEASE_MS": "6000",
        "ADK_CALLS_DIR": str(tmp_path / "model-calls"),
        "BANK_URL": bank.url,
    }
    code = (
        "from tests.support.adk_child_app import boss\n"
        f"print(boss.delay(user_id='u1', message='pay {reference}').run_id)"
    )
    worker = celery_procs.worker(tmp_path, env, concurrency=3)
    beat = celery_procs.beat(tmp_path, env)
    with celery_procs.running([worker, beat]):
        pool = worker.wait_pool(3)
        parent = celery_procs.run_client(env, sys.executable, "-c", code)[-1]
        deadline = time.monotonic() + 150
        while (run := pg_journal.get_run(run_id=parent)).status != RunStatus.TERMINAL:
            assert run.status in (RunStatus.RUNNABLE, RunStatus.RUNNING, RunStatus.WAITING), run
            if time.monotonic() > deadline:
                celery_procs.dump_logs([worker, beat])
                raise AssertionError(f"parent {parent} still {run.status.name}")
            time.sleep(0.2)
        killed = [pid for pid in pool if not celery_procs.pid_alive(pid)]

    assert crashed.exists(), "the crash hook never fired"
    assert len(killed) == 1, (pool, killed)
    (child,) = [c["run_id"] for c in pg_journal.run_tree(run_id=parent)["children"]]
    child_run = pg_journal.get_run(run_id=child)
    assert child_run.app_name == "adk_payer" and child_run.status == RunStatus.TERMINAL
    assert child_run.redrive_count >= 1  # recovered on its own after the kill
    (wire,) = [e for e in pg_journal.list_effects(run_id=child) if e.tool_name == "wire_sub"]
    assert wire.status == EffectStatus.CONFIRMED
    # the parent journaled only its call of the sub-agent, not the sub-agent's wire
    assert [e.tool_name for e in pg_journal.list_effects(run_id=parent)] == ["payer"]
    assert bank.count(f"{ACCOUNT}:{reference}") == 1
    # the sub-agent's answer (its wire's outcome) came back to the parent as the tool's result
    child_answer = child_run.detail["result"]["answer"]
    assert "external_ref" in child_answer
    assert (
        json.dumps(child_answer)[1:-1]
        in pg_journal.get_run(run_id=parent).detail["result"]["answer"]
    )
