"""Issue 26, test 4, on real workers: ``tape fork`` with effect accounting.

``fork_payer`` (tests.support.compose_app) wires money through the non-idempotent outbox at
decisions 1 and 3; real ``celery -A tape worker`` and ``celery -A tape beat`` processes drive it
and its forks against Postgres, Redis and a real HTTP bank (FakeUpstream). ``tape fork RUN
--from-decision 2`` (the CLI, in its own process):

- ``--policy reuse``, the new decision 3 asking the same wire: one wire each in all;
- ``--policy compensate``, the new decision 3 wiring another amount: the old decision 3's wire
  is reversed once (the workers' compensation pass), the new one sent once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import redis

from tape import Journal, RunStatus
from tape.testing import FakeUpstream
from tests.support import celery_procs, databases
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

ANSWERS = {"0": {}, "1": {"wire": 100}, "2": {}, "3": {"wire": 300}, "4": {}}


def wired(bank: FakeUpstream, tag: str) -> list[int]:
    return sorted(
        r.json["amount"]
        for r in bank.requests
        if r.path == "/wires" and r.method == "POST" and r.committed and r.json["tag"] == tag
    )


def test_tape_fork_reuses_or_compensates_the_abandoned_wire_on_real_workers(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    bank: FakeUpstream,
    redis_counts: tuple[redis.Redis, str],
) -> None:
    r, prefix = redis_counts
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.worker_connectors,tests.support.compose_app",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_COMPENSATION_INTERVAL": "0.5",
        "COMPOSE_ANSWERS": str(answers),
        "COMPOSE_REDIS_URL": databases.COUNT_REDIS_URL,
        "COMPOSE_PREFIX": prefix,
        "BANK_URL": bank.url,
        "TAPE_OPERATOR": "ops",
    }

    def run(*args: str) -> str:
        return celery_procs.run_client(env, *args)[-1]

    def start(tag: str) -> str:
        code = "from tests.support.compose_app import fork_payer\n"
        code += f"print(fork_payer.delay(tag={tag!r}).run_id)"
        return run(sys.executable, "-c", code)

    def terminal(run_id: str) -> None:
        wait_until(
            lambda: pg_journal.get_run(run_id=run_id).status == RunStatus.TERMINAL,
            timeout=120,
            message=lambda: f"run {run_id} TERMINAL, is {pg_journal.get_run(run_id=run_id)}",
        )

    def fork(run_id: str, policy: str) -> str:
        out = run(
            str(celery_procs.VENV_BIN / "tape"),
            "fork",
            run_id,
            "--from-decision",
            "2",
            "--policy",
            policy,
            "--json",
            "--database-url",
            pg_url,
        )
        return str(json.loads(out)["fork_run_id"])

    worker = celery_procs.worker(tmp_path, env, concurrency=2)
    beat = celery_procs.beat(tmp_path, env)
    with celery_procs.running([worker, beat]):
        reused, undone = start("reuse"), start("undo")
        terminal(reused)
        terminal(undone)
        assert wired(bank, "reuse") == wired(bank, "undo") == [100, 300]

        reuse_fork = fork(reused, "reuse")
        terminal(reuse_fork)
        answers.write_text(json.dumps({**ANSWERS, "3": {"wire": 350}}))
        undo_fork = fork(undone, "compensate")
        terminal(undo_fork)
        wait_until(
            lambda: r.hget(f"{prefix}:reversed", "wires") == "1",
            timeout=60,
            message="the old decision 3's wire reversed",
        )

    assert wired(bank, "reuse") == [100, 300]  # one wire each in all
    assert wired(bank, "undo") == [100, 300, 350]
    assert r.hget(f"{prefix}:reversed", "wires") == "1"  # once
    for old, new, policy in ((reused, reuse_fork, "reuse"), (undone, undo_fork, "compensate")):
        assert pg_journal.get_run(run_id=old).status == RunStatus.TERMINAL
        (row,) = pg_journal.read_journal(run_id=old, subject_pattern="/tape/run/fork/**")
        assert (row.payload["fork_run_id"], row.payload["policy"]) == (new, policy)
        assert row.payload["operator"] == "ops"
        (back,) = pg_journal.read_journal(run_id=new, subject_pattern="/tape/run/fork-of/**")
        assert back.payload["parent_run_id"] == old
        assert len(pg_journal.get_run(run_id=new).detail["result"]) == 2
