"""Issue 27, test 4: a worker SIGKILLed during a (scripted, slow) model call, on Postgres +
Redis with real ``celery -A tape worker`` and ``celery -A tape beat`` processes.

The ``slow-asker`` agent (``tests.support.slow_model_agent``) records its first decision,
journals its second as begun, and waits in the model call; the test SIGKILLs the pool child
making it. Recovery re-drives the run: the re-drive finds the begun call with no decision,
journals it ``lost``, charges the budget for its unknown spend (the run's largest charge so
far) and asks the model once more. The journal shows both calls.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tape import Journal, RunStatus, ScriptedModel, hints
from tape.config import Settings
from tests.support import celery_procs

pytestmark = pytest.mark.postgres_only


def test_a_worker_killed_during_a_model_call_is_charged_and_asked_once_more(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal
) -> None:
    from tape.celery_app import create_app

    counter = tmp_path / "model-calls"
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.slow_model_agent",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "AGENT_LEASE_MS": "3000",
        "MODEL_COUNTER": str(counter),
        "MODEL_DELAY_S": "120",
        "MODEL_DELAY_ONCE": str(tmp_path / "slow-once"),
    }
    client = create_app(Settings(broker_url=redis_url, database_url=pg_url, dispatch_hints=False))
    hints.set_publisher(None)
    worker = celery_procs.worker(tmp_path, env, concurrency=1)
    beat = celery_procs.beat(tmp_path, env)
    procs = [worker, beat]

    def begun(run_id: str) -> list[int]:
        rows = pg_journal.read_journal(run_id=run_id, subject_pattern="/tape/decision/begun/**")
        return [r.payload["decision_index"] for r in sorted(rows, key=lambda r: r.seq)]

    def wait_for(what: str, check: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                celery_procs.dump_logs(procs)
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.1)

    with celery_procs.running(procs):
        (child,) = worker.wait_pool(1)
        run_id = pg_journal.create_run(app_name="slow-asker", invocation_id=uuid.uuid4().hex).run_id
        client.send_task("tape.agents.slow-asker", args=[run_id, None, ""], queue="tape.agents")
        wait_for("the second call begun", lambda: begun(run_id) == [0, 1], 60)
        assert ScriptedModel.count_at(counter) == 2  # the slow call is in flight
        os.kill(child, signal.SIGKILL)
        wait_for(
            "the run over",
            lambda: (
                pg_journal.get_run(run_id=run_id).status
                in (RunStatus.TERMINAL, RunStatus.FAILED, RunStatus.STUCK)
            ),
            90,
        )
    client.close()

    run = pg_journal.get_run(run_id=run_id)
    assert run.status == RunStatus.TERMINAL, run.detail
    assert run.detail["result"] == {"answers": ["first", "second"]}
    assert run.redrive_count >= 1
    assert not celery_procs.pid_alive(child)
    assert ScriptedModel.count_at(counter) == 3  # asked once more, never twice more
    assert pg_journal.count_decisions(run_id=run_id) == 2
    # the journal shows both calls of decision 1, and the lost one charged
    assert begun(run_id) == [0, 1, 1]
    (lost,) = pg_journal.read_journal(run_id=run_id, subject_pattern="/tape/decision/lost/**")
    assert (lost.payload["decision_index"], lost.payload["tokens"]) == (1, 12)
    assert pg_journal.get_budget(run_id=run_id).tokens_spent == 12 + 12 + 7
