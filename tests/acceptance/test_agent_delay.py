"""``Agent.delay`` for real (issue 16, item 6): a client process calls ``treasury.delay(...)``
with only ``TAPE_*`` variables to go on; the task travels through Redis (the test broker, the
session's key prefix) to a real ``celery -A tape worker``, which drives the run to TERMINAL.

No beat runs until the run has parked on its outbox wire and the wire is CONFIRMED (by the
worker's dispatch hint), so no recovery pass can have started the run: the message ``.delay()``
sent is what drove it. Then a beat starts and its recovery pass re-drives the released run to
TERMINAL, as in production.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tape import EffectStatus, Journal, RunStatus
from tape.testing import FakeUpstream
from tests.support import celery_procs

pytestmark = pytest.mark.postgres_only
DEADLINE_S = 60.0

CLIENT = """
from tests.support.agent_app import treasury

handle = treasury.delay(request="pay bob 250")
print(handle.run_id)
"""


def test_delay_sends_the_run_through_redis_to_a_real_worker(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, bank: FakeUpstream
) -> None:
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.worker_connectors,tests.support.agent_app",
        "MODEL_COUNTER": str(tmp_path / "model-calls"),
        "AGENT_LEASE_MS": "30000",
        "BANK_URL": bank.url,
    }
    worker = celery_procs.worker(tmp_path, env, concurrency=2)
    with celery_procs.running([worker]):
        client = subprocess.run(
            [sys.executable, "-c", CLIENT],
            cwd=celery_procs.REPO_ROOT,
            env=celery_procs.process_env(env),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert client.returncode == 0, client.stderr
        run_id = client.stdout.strip().splitlines()[-1]
        _wait(pg_journal, run_id, lambda: _wire_confirmed(pg_journal, run_id), worker)
        first_leases = _leases(pg_journal, run_id)
        with celery_procs.running([celery_procs.beat(tmp_path, env)]):
            _wait(
                pg_journal,
                run_id,
                lambda: pg_journal.get_run(run_id=run_id).status == RunStatus.TERMINAL,
                worker,
            )
        log = worker.log()

    # The first attempt: the worker, on the message .delay() sent; nothing claimed it before.
    assert first_leases and first_leases[0].startswith("agent:"), first_leases
    assert not any(owner.startswith("recovery:") for owner in first_leases), first_leases
    assert "Task tape.agents.treasury[" in log and f"driving run {run_id}" in log, log
    run = pg_journal.get_run(run_id=run_id)
    assert run.detail["result"]["answer"] == "wired 250 to bob"
    (effect,) = [e for e in pg_journal.list_effects(run_id=run_id) if e.tool_name == "wire_money"]
    assert effect.status == EffectStatus.CONFIRMED
    wires = [r for r in bank.requests if r.path == "/wires" and r.method == "POST" and r.committed]
    assert len(wires) == 1, wires


def _leases(journal: Journal, run_id: str) -> list[str]:
    """Who took the run's lease, in journal order."""
    entries = sorted(journal.read_journal(run_id=run_id, limit=1000), key=lambda e: e.seq)
    return [
        str(e.payload.get("lease_owner", ""))
        for e in entries
        if e.kind == "run" and e.payload.get("status") == "running"
    ]


def _wire_confirmed(journal: Journal, run_id: str) -> bool:
    """The wire is CONFIRMED and the run released by the confirm (RUNNABLE), or, had the
    confirm come before the agent parked, already finished by the worker."""
    wires = [e for e in journal.list_effects(run_id=run_id) if e.tool_name == "wire_money"]
    status = journal.get_run(run_id=run_id).status
    confirmed = bool(wires) and wires[0].status == EffectStatus.CONFIRMED
    return confirmed and status in (RunStatus.RUNNABLE, RunStatus.TERMINAL)


def _wait(
    journal: Journal, run_id: str, done: Callable[[], bool], worker: celery_procs.CeleryProc
) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while True:
        # Read the run before asking done(): the run only moves forward, so a status read
        # first and then found not done is one the run really was in on the way.
        run = journal.get_run(run_id=run_id)
        if done():
            return
        assert run.status in (RunStatus.RUNNABLE, RunStatus.RUNNING, RunStatus.WAITING), run
        assert time.monotonic() < deadline, f"run {run_id} {run.status.name}:\n{worker.log()}"
        time.sleep(0.2)
