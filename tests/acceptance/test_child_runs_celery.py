"""Issue 26, tests 1 and 2: child runs on real workers (tests.support.compose_app).

A client process starts a parent with ``.delay(...)``; real ``celery -A tape worker`` and
``celery -A tape beat`` processes drive the parent and the children it starts with
``ctx.start_child``, against Postgres and Redis.

1. ``payroll_parent`` starts three ``wire_child`` runs, each wiring money through the
   non-idempotent outbox; the pool child driving one of them is SIGKILLed right after its
   wire is journaled (``TAPE_CRASH_AT=after_begin_effect:wire_money``, once). Every child and
   the parent end TERMINAL, the bank booked one wire per child, and the parent was resumed
   once per child result it waited for (each park on a child released once, no extra drive).
2. ``holding_parent`` starts three ``holding_child`` runs, each reserving an item and parking;
   ``tape cancel PARENT`` cancels the parent, its children are cancelled, and each
   reservation is undone once, the newest child's first.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tape import EffectStatus, Journal, RunStatus
from tape.testing import FakeUpstream
from tests.support import celery_procs, databases
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


def start(env: dict[str, str], code: str) -> str:
    """Run ``code`` in a client process with only ``env``; the run id it prints last."""
    return celery_procs.run_client(env, sys.executable, "-c", code)[-1]


def children(j: Journal, run_id: str) -> list[str]:
    """The parent's children, oldest first."""
    return [c["run_id"] for c in j.run_tree(run_id=run_id)["children"]][::-1]


def gate_rows(j: Journal, run_id: str, verb: str) -> list[str]:
    return [
        str(e.payload.get("gate", ""))
        for e in j.read_journal(run_id=run_id, kind="gate")
        if f"/{verb}/" in e.subject
    ]


PAYROLL = """
from tests.support.compose_app import payroll_parent

payees = [{"beneficiary": name, "amount": amount} for name, amount in
          (("ann", 100), ("bob", 200), ("cy", 300))]
print(payroll_parent.delay(payees=payees).run_id)
"""


def test_three_children_one_killed_mid_wire_all_end_terminal_with_one_wire_each(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, bank: FakeUpstream
) -> None:
    crashed = tmp_path / "crashed"
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.worker_connectors,tests.support.compose_app",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_REACTOR_LEASE_MS": "5000",
        "TAPE_CRASH_AT": "after_begin_effect:wire_money",
        "TAPE_CRASH_ONCE_FILE": str(crashed),
        # Renewed every third of it: only a stall of more than 4 s could let recovery take a
        # live attempt over; the killed attempt's lease is waited out once.
        "AGENT_LEASE_MS": "6000",
        "COMPOSE_REDIS_URL": databases.COUNT_REDIS_URL,
        "COMPOSE_PREFIX": "unused",
        "BANK_URL": bank.url,
    }
    worker = celery_procs.worker(tmp_path, env, concurrency=3)
    beat = celery_procs.beat(tmp_path, env)
    with celery_procs.running([worker, beat]):
        pool = worker.wait_pool(3)
        parent = start(env, PAYROLL)
        deadline = time.monotonic() + 180
        while (run := pg_journal.get_run(run_id=parent)).status != RunStatus.TERMINAL:
            assert run.status in (RunStatus.RUNNABLE, RunStatus.RUNNING, RunStatus.WAITING), run
            if time.monotonic() > deadline:
                celery_procs.dump_logs([worker, beat])
                raise AssertionError(f"parent {parent} still {run.status.name}")
            time.sleep(0.2)
        killed = [pid for pid in pool if not celery_procs.pid_alive(pid)]
        log = worker.log()

    assert crashed.exists(), "the crash hook never fired"
    assert len(killed) == 1, f"pool {pool}: expected one child SIGKILLed, dead: {killed}"
    kids = children(pg_journal, parent)
    assert len(kids) == 3
    for kid in kids:
        child = pg_journal.get_run(run_id=kid)
        assert child.status == RunStatus.TERMINAL, child
        (wire,) = pg_journal.list_effects(run_id=kid)
        assert wire.status == EffectStatus.CONFIRMED
    assert sum(pg_journal.get_run(run_id=k).redrive_count for k in kids) >= 1  # the killed one
    result = pg_journal.get_run(run_id=parent).detail["result"]
    assert len(result["wires"]) == 3 and all(isinstance(w, dict) for w in result["wires"])
    wires = [r for r in bank.requests if r.path == "/wires" and r.method == "POST" and r.committed]
    assert sorted(r.json["amount"] for r in wires) == [100, 200, 300], wires  # one each
    # Resumed once per child result: a child's end released the parent at most once, only
    # from a park on that child. (A parked parent may also be re-attached by a duplicate
    # start message, .delay's own racing recovery's; it then replays to the same wait, which
    # is why a park may have no release of its own: never a second release.)
    waited = gate_rows(pg_journal, parent, "waiting")
    released = gate_rows(pg_journal, parent, "released")
    assert len(set(released)) == len(released) <= 3, released
    assert set(released) <= set(waited) <= {f"child:{k}" for k in kids}, (waited, released)
    # every release was followed by a drive that finished the wait (the parent ended)
    assert len(re.findall(rf"driving run {parent}\b", log)) >= 1 + len(released)


HOLDING = """
from tests.support.compose_app import holding_parent

print(holding_parent.delay(items=["a", "b", "c"]).run_id)
"""


def test_cancelling_the_parent_cancels_its_children_and_undoes_each_once_newest_first(
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
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_COMPENSATION_INTERVAL": "0.5",
        "COMPOSE_REDIS_URL": databases.COUNT_REDIS_URL,
        "COMPOSE_PREFIX": prefix,
    }
    # One pool process: compensation passes run one at a time, so the order one pass lists
    # the inverses in is the order they run in.
    worker = celery_procs.worker(tmp_path, env, concurrency=1)
    beat = celery_procs.beat(tmp_path, env)
    with celery_procs.running([worker, beat]):
        parent = start(env, HOLDING)

        def all_parked() -> list[str] | None:
            kids = children(pg_journal, parent)
            statuses = {pg_journal.get_run(run_id=k).status for k in kids}
            return kids if len(kids) == 3 and statuses == {RunStatus.WAITING} else None

        kids = wait_until(all_parked, timeout=90, message="three children parked")
        cancel = subprocess.run(
            [str(celery_procs.VENV_BIN / "tape"), "cancel", parent, "--database-url", pg_url],
            cwd=celery_procs.REPO_ROOT,
            env=celery_procs.process_env(env),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert cancel.returncode == 0, cancel.stderr
        wait_until(
            lambda: all(pg_journal.get_run(run_id=k).status == RunStatus.CANCELLED for k in kids),
            timeout=60,
            message=lambda: str([pg_journal.get_run(run_id=k).status for k in kids]),
        )
        time.sleep(1.5)  # three more compensation passes: nothing is undone twice

    assert pg_journal.get_run(run_id=parent).status == RunStatus.CANCELLED
    for kid in kids:
        run = pg_journal.get_run(run_id=kid)
        assert (run.detail["cancelled"], run.detail["reason"]) == (True, "parent cancelled")
    assert r.hgetall(f"{prefix}:undone") == {"a": "1", "b": "1", "c": "1"}
    assert r.lrange(f"{prefix}:undo_order", 0, -1) == ["c", "b", "a"]
