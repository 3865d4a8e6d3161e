"""docs/reconciler.md's table end to end: real ``celery -A tape worker`` and ``celery -A tape
beat``, Postgres, Redis, and a FakeUpstream bank with a lookup endpoint (issue 4, test 1).

Each effect's first dispatch goes through the outbox and comes back 503 (unknown), with or
without the bank having booked the wire; beat then ticks the reconcile, outbox and
compensation passes until each lands where the table says:

- present → CONFIRMED;
- absent → PENDING → re-dispatched after the settle window → the bank holds exactly one;
- duplicate → CONFIRMED + an obligation → the reversal runs once, the obligation COMPENSATED;
- inconclusive (the lookup answers 503) → UNKNOWN stuck, run STUCK; then
  ``tape resolve KEY --confirm`` → CONFIRMED and the run RUNNABLE again (it continues).
"""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from tape import DispatchMode, EffectRecord, EffectSemantics, EffectStatus, Journal, RunStatus
from tape.enums import ObligationStatus
from tape.testing import FakeUpstream
from tests.support import celery_procs
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


LABELS = ("present", "absent", "duplicate", "inconclusive")
PASSES = ("tape.reactors.outbox", "tape.reactors.reconcile", "tape.reactors.compensate")


def passes_done(worker: celery_procs.CeleryProc, task: str) -> int:
    """How many runs of the beat-ticked ``task`` the worker finished."""
    return worker.count(rf"Task {re.escape(task)}\[[0-9a-f-]+\] succeeded")


def wire(journal: Journal, label: str) -> EffectRecord:
    run_id = journal.begin_run(
        app_name="acceptance",
        user_id="u",
        session_id=label,
        invocation_id=uuid.uuid4().hex,
        lease_owner="agent",
    ).run_id
    return journal.begin_effect(
        run_id=run_id,
        decision_index=0,
        tool_name="wire_money",
        request_json={"account": f"acc-{label}", "amount": 100},
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector="bank.wire",
    )


def test_the_reconciler_table_end_to_end(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, bank: FakeUpstream
) -> None:
    present, absent, duplicate, inconclusive = (wire(pg_journal, label) for label in LABELS)
    # The duplicate: an earlier copy of the same wire is already on the bank's books.
    requests.post(
        f"{bank.url}/wires", headers={"Idempotency-Key": duplicate.idempotency_key}, timeout=5
    )
    # The first POST of each answers 503 (the outcome is unknown); for present, duplicate and
    # inconclusive the bank booked it anyway.
    for effect, booked in (
        (present, True),
        (absent, False),
        (duplicate, True),
        (inconclusive, True),
    ):
        bank.respond(503, key=effect.idempotency_key, path="/wires", commit=booked)
    bank.respond(503, key=inconclusive.idempotency_key, path="/wires/lookup", times=None)

    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.worker_connectors",
        "TAPE_DISPATCH_HINTS": "0",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_RECONCILE_INTERVAL": "0.5",
        "TAPE_COMPENSATION_INTERVAL": "0.5",
        "BANK_URL": bank.url,
    }

    def status(e: EffectRecord) -> EffectStatus:
        got = pg_journal.get_effect(run_id=e.run_id, idempotency_key=e.idempotency_key)
        assert got is not None
        return got.status

    def statuses() -> str:
        return ", ".join(
            f"{label}:{status(e).name}" for label, e in zip(LABELS, effects, strict=True)
        )

    effects = (present, absent, duplicate, inconclusive)
    with celery_procs.celery_workers(tmp_path, env, concurrency=2) as (worker,):
        with celery_procs.celery_beat(tmp_path, env):
            wait_until(
                lambda: (
                    status(present) == EffectStatus.CONFIRMED
                    and status(absent) == EffectStatus.CONFIRMED
                    and status(duplicate) == EffectStatus.CONFIRMED
                ),
                timeout=45,
                message=statuses,
            )
            stuck_run = wait_until(
                lambda: pg_journal.get_run(run_id=inconclusive.run_id).status == RunStatus.STUCK,
                timeout=20,
                message=statuses,
            )
            assert stuck_run
            (owed,) = wait_until(
                lambda: [
                    o
                    for o in pg_journal.list_obligations(run_id=duplicate.run_id)
                    if o.status == ObligationStatus.COMPENSATED
                ],
                timeout=30,
                message=lambda: str(pg_journal.list_obligations(run_id=duplicate.run_id)),
            )

            # -- inconclusive: stuck until an operator resolves it
            held = pg_journal.get_effect(
                run_id=inconclusive.run_id, idempotency_key=inconclusive.idempotency_key
            )
            assert held is not None
            assert held.status == EffectStatus.UNKNOWN and held.stuck_at_ms > 0
            resolved = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tape",
                    "resolve",
                    inconclusive.idempotency_key,
                    "--confirm",
                    "--note",
                    "one wire on the bank statement",
                ],
                env=celery_procs.process_env(
                    {"TAPE_DATABASE_URL": pg_url, "TAPE_OPERATOR": "oncall"}
                ),
                cwd=celery_procs.REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert resolved.returncode == 0, resolved.stderr
            assert "CONFIRMED" in resolved.stdout and "oncall" in resolved.stdout
            assert status(inconclusive) == EffectStatus.CONFIRMED
            # The run continues: released to RUNNABLE (recovery may already have claimed it).
            assert pg_journal.get_run(run_id=inconclusive.run_id).status != RunStatus.STUCK
            released = [
                r.payload
                for r in pg_journal.read_journal(run_id=inconclusive.run_id, kind="run")
                if r.payload.get("status") == "runnable"
            ]
            assert released and released[0]["operator"] == "oncall"

            # Three more runs of every pass (started after the resolve) change nothing.
            done_so_far = {task: passes_done(worker, task) for task in PASSES}
            wait_until(
                lambda: all(passes_done(worker, t) >= n + 3 for t, n in done_so_far.items()),
                timeout=60,
                message=lambda: str({t: passes_done(worker, t) for t in PASSES}),
            )
        worker_log = worker.log()

    # Where each effect settled, once nothing runs any more.
    final = {
        label: pg_journal.get_effect(run_id=e.run_id, idempotency_key=e.idempotency_key)
        for label, e in zip(LABELS, effects, strict=True)
    }

    assert {label: (e.status if e else None) for label, e in final.items()} == {
        label: EffectStatus.CONFIRMED for label in LABELS
    }
    # -- present: one wire, confirmed by observation, never re-sent
    assert bank.count(present.idempotency_key) == 1
    assert final["present"].dispatch_attempts == 1
    # -- absent: re-dispatched once; the bank holds exactly one
    assert bank.count(absent.idempotency_key) == 1
    posts = [r for r in bank.requests if r.path == "/wires"]
    assert len([r for r in posts if r.idempotency_key == absent.idempotency_key]) == 2
    assert final["absent"].dispatch_attempts == 2
    # -- duplicate: confirmed, and the extra reversed exactly once
    assert bank.count(duplicate.idempotency_key) == 2
    assert len(bank.reversals) == 1
    assert owed.effect_key == duplicate.idempotency_key
    assert [o.status for o in pg_journal.list_obligations(run_id=duplicate.run_id)] == [
        ObligationStatus.COMPENSATED
    ]
    # -- inconclusive: never re-sent
    assert bank.count(inconclusive.idempotency_key) == 1
    assert final["inconclusive"].dispatch_attempts == 1
    assert pg_journal.get_run(run_id=inconclusive.run_id).status != RunStatus.STUCK
    for label in ("present", "absent", "duplicate"):
        assert final[label].stuck_at_ms == 0, label
    assert "effect outcome cannot be known" in worker_log
