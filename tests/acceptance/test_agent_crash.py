"""Issue 5, test 1 (the TAPE_CRASH_AT kill points, docs/agents.md): kill the worker running an
agent at each of the three points, with a real SIGKILL, on Postgres + Redis, and check the
contract.

Real ``celery -A tape worker`` and ``celery -A tape beat`` processes run the ``treasury`` agent
of ``tests.support.agent_app``; ``TAPE_CRASH_AT=<point>:wire_money`` with
``TAPE_CRASH_ONCE_FILE`` makes the pool child running the agent SIGKILL itself once. The
recovery pass (beat-ticked) re-drives the run when its lease expires. For every point: the run
ends TERMINAL, the model was asked exactly once per decision, and the bank booked one wire.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from tape import EffectStatus, Journal, RunStatus, ScriptedModel, hints
from tape.config import Settings
from tape.testing import FakeUpstream
from tests.support import celery_procs

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def client(pg_url: str, redis_url: str) -> Iterator[Celery]:
    from tape.celery_app import create_app

    app = create_app(Settings(broker_url=redis_url, database_url=pg_url, dispatch_hints=False))
    hints.set_publisher(None)
    yield app
    app.close()


@pytest.mark.parametrize("point", ["before_tool", "after_begin_effect", "after_complete_effect"])
def test_a_killed_agent_resumes_without_asking_twice_or_wiring_twice(
    point: str,
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    bank: FakeUpstream,
    client: Celery,
) -> None:
    counter, crashed = tmp_path / "model-calls", tmp_path / "crashed"
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.worker_connectors,tests.support.agent_app",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_REACTOR_LEASE_MS": "5000",
        "TAPE_CRASH_AT": f"{point}:wire_money",
        "TAPE_CRASH_ONCE_FILE": str(crashed),
        # The live attempt renews its lease every third of it (3 s): only a stall of more than
        # 6 s could let recovery re-drive a live run. Recovery waits out the killed attempt's
        # lease once per test, which is what makes it cost a few seconds.
        "AGENT_LEASE_MS": "9000",
        "MODEL_COUNTER": str(counter),
        "BANK_URL": bank.url,
    }
    worker = celery_procs.worker(tmp_path, env, concurrency=3)
    beat = celery_procs.beat(tmp_path, env)
    with celery_procs.running([worker, beat]):
        pool = worker.wait_pool(3)
        # What Agent.delay does, on the test broker: a RUNNABLE run, then its task.
        run_id = pg_journal.create_run(
            app_name="treasury",
            invocation_id=uuid.uuid4().hex,
            input_json={"request": "pay bob 250"},
        ).run_id
        client.send_task("tape.agents.treasury", args=[run_id, None, ""], queue="tape.agents")
        deadline = time.monotonic() + 120
        # One read per look: a second read could see the run end after the first said not yet.
        while (run := pg_journal.get_run(run_id=run_id)).status != RunStatus.TERMINAL:
            assert run.status in (RunStatus.RUNNABLE, RunStatus.RUNNING, RunStatus.WAITING), run
            if time.monotonic() > deadline:
                celery_procs.dump_logs([worker, beat])
                raise AssertionError(f"run {run_id} still {run.status.name}")
            time.sleep(0.2)
        killed = [pid for pid in pool if not celery_procs.pid_alive(pid)]

    assert crashed.exists(), "the crash hook never fired"
    assert len(killed) == 1, f"pool {pool}: expected one child SIGKILLed, dead: {killed}"
    run = pg_journal.get_run(run_id=run_id)
    assert run.detail["result"]["answer"] == "wired 250 to bob"
    assert run.redrive_count >= 1
    decisions = pg_journal.count_decisions(run_id=run_id)
    assert decisions == 2
    assert ScriptedModel.count_at(counter) == decisions  # no decision asked twice
    (effect,) = [e for e in pg_journal.list_effects(run_id=run_id) if e.tool_name == "wire_money"]
    assert effect.status == EffectStatus.CONFIRMED
    wires = [r for r in bank.requests if r.path == "/wires" and r.method == "POST" and r.committed]
    assert len(wires) == 1, wires
