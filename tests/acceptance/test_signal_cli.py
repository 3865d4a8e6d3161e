"""``tape signal`` as a real subprocess releases a run a real worker parked on a gate.

Real ``celery -A tape worker`` and ``beat`` processes (Postgres + Redis) run the ``approval``
agent of ``tests.support.gate_app``: it parks WAITING on ``cfo-approval``. The ``tape signal``
console script answers the gate; the run becomes RUNNABLE, the beat-ticked recovery pass
re-drives it, and the worker finishes it TERMINAL with the answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from tape import Journal, RunStatus, hints
from tape.config import Settings
from tests.support import celery_procs

pytestmark = pytest.mark.postgres_only

TAPE = str(Path(sys.executable).parent / "tape")
DEADLINE_S = 90.0


@pytest.fixture
def client(pg_url: str, redis_url: str) -> Iterator[Celery]:
    from tape.celery_app import create_app

    app = create_app(Settings(broker_url=redis_url, database_url=pg_url, dispatch_hints=False))
    hints.set_publisher(None)
    yield app
    app.close()


def wait_for(
    journal: Journal, run_id: str, status: RunStatus, procs: list[celery_procs.CeleryProc]
) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while (run := journal.get_run(run_id=run_id)).status != status:
        if time.monotonic() > deadline:
            celery_procs.dump_logs(procs)
            raise AssertionError(f"run {run_id} is {run.status.name}, not {status.name}")
        time.sleep(0.2)


def test_tape_signal_releases_a_run_parked_by_a_worker(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, client: Celery
) -> None:
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.gate_app",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_REACTOR_LEASE_MS": "5000",
    }
    worker = celery_procs.worker(tmp_path, env, concurrency=2)
    beat = celery_procs.beat(tmp_path, env)
    with celery_procs.running([worker, beat]):
        worker.wait_pool(2)
        run_id = pg_journal.create_run(
            app_name="approval", invocation_id=uuid.uuid4().hex, input_json={"amount": 250}
        ).run_id
        client.send_task("tape.agents.approval", args=[run_id, None, ""], queue="tape.agents")
        wait_for(pg_journal, run_id, RunStatus.WAITING, [worker, beat])
        assert pg_journal.get_run(run_id=run_id).waiting_on_gate == "cfo-approval"

        answered = subprocess.run(
            [TAPE, "signal", run_id, "cfo-approval", "--resolution", '{"approved": true}'],
            env=celery_procs.process_env({"TAPE_DATABASE_URL": pg_url}),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert answered.returncode == 0, answered.stderr
        assert "WAITING -> RUNNABLE" in answered.stdout

        wait_for(pg_journal, run_id, RunStatus.TERMINAL, [worker, beat])

        again = subprocess.run(
            [TAPE, "signal", run_id, "cfo-approval", "--json"],
            env=celery_procs.process_env({"TAPE_DATABASE_URL": pg_url}),
            capture_output=True,
            text=True,
            timeout=60,
        )
    run = pg_journal.get_run(run_id=run_id)
    assert run.detail == {
        "result": {
            "amount": 250,
            "answer": {"resolved": True, "gate": "cfo-approval", "approved": True},
        }
    }
    assert again.returncode == 1
    assert (
        again.stderr
        == f"tape: error: run {run_id} is TERMINAL: nothing waits for a signal any more\n"
    )
    assert again.stdout == ""
    gates = [e.payload["transition"] for e in pg_journal.read_journal(run_id=run_id, kind="gate")]
    assert gates == ["waiting", "released"]
    assert json.loads(run.input_json) == {"amount": 250}
