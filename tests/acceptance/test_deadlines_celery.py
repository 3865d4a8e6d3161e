"""Issue 26, test 3: a deadline is a durable timer that undoes a run still going.

A client process calls ``parked_agent.delay(...)`` and ``quick_agent.delay(...)``
(``@tape.agent(deadline=3)``, tests.support.compose_app) with only ``TAPE_*`` variables; a real
``celery -A tape worker`` drives both, a real ``celery -A tape beat`` ticks the timer and
compensation passes. The parked run (WAITING on a gate nobody answers) is cancelled when its
deadline fires, its reservation compensated once, and it ends CANCELLED with the reason
``deadline``; the quick run, TERMINAL long before its deadline, is left as it is and owes
nothing when the deadline fires.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import redis

from tape import Journal, ObligationStatus, RunStatus, registry
from tests.support import celery_procs, databases
from tests.support.compose_app import undo_reserve
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


CLIENT = """
from tests.support.compose_app import parked_agent, quick_agent

print(parked_agent.delay(item="parked").run_id)
print(quick_agent.delay(item="quick").run_id)
"""


def test_a_deadline_undoes_a_parked_run_and_leaves_a_finished_one(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    pg_journal: Journal,
    redis_counts: tuple[redis.Redis, str],
) -> None:
    r, prefix = redis_counts
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.compose_app",
        "TAPE_TIMERS_INTERVAL": "0.5",
        "TAPE_COMPENSATION_INTERVAL": "0.5",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "COMPOSE_DEADLINE_S": "3",
        "COMPOSE_REDIS_URL": databases.COUNT_REDIS_URL,
        "COMPOSE_PREFIX": prefix,
    }
    worker = celery_procs.worker(tmp_path, env, concurrency=2)
    beat = celery_procs.beat(tmp_path, env)
    with celery_procs.running([worker, beat]):
        parked, quick = celery_procs.run_client(env, sys.executable, "-c", CLIENT)[-2:]
        # Both runs did their work before the deadline: one parked, one finished.
        wait_until(
            lambda: pg_journal.get_run(run_id=quick).status == RunStatus.TERMINAL,
            timeout=60,
            message="the quick run to end TERMINAL",
        )
        wait_until(
            lambda: (
                pg_journal.get_run(run_id=parked).status
                in (RunStatus.WAITING, RunStatus.COMPENSATING, RunStatus.CANCELLED)
            ),
            timeout=60,
            message="the parked run to park",
        )
        ended = wait_until(
            lambda: (
                (run := pg_journal.get_run(run_id=parked)).status == RunStatus.CANCELLED and run
            ),
            timeout=60,
            message=lambda: f"the parked run CANCELLED, it is {pg_journal.get_run(run_id=parked)}",
        )
        # The quick run's deadline fired too (the timer pass marked it fired) and did nothing.
        wait_until(
            lambda: not pg_journal.run_tree(run_id=quick)["deadline_at_ms"],
            timeout=60,
            message="the quick run's deadline to fire",
        )

    assert ended.detail["cancelled"] is True
    assert ended.detail["reason"] == "deadline"
    # A tool's compensate= is registered under the inverse's module:qualname.
    assert ended.detail["compensated"] == [registry.ref_of(undo_reserve)]
    (owed,) = pg_journal.list_obligations(run_id=parked)
    assert owed.status == ObligationStatus.COMPENSATED
    assert r.hgetall(f"{prefix}:undone") == {"parked": "1"}  # once, and never the quick one
    finished = pg_journal.get_run(run_id=quick)
    assert finished.status == RunStatus.TERMINAL
    (held,) = pg_journal.list_obligations(run_id=quick)
    assert (held.status, held.held) == (ObligationStatus.PENDING, True)
    # The run's journal says why: a COMPENSATING row with the reason, then the CANCELLED one.
    rows = [e.subject for e in pg_journal.read_journal(run_id=parked, kind="run")]
    assert any("/compensating/" in s for s in rows), rows
    assert any("/cancelled/" in s for s in rows), rows
