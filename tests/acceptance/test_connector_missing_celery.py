"""An unregistered connector is loud, on real ``celery -A tape worker`` + beat processes.

Issue 28 item 3. A worker whose ``TAPE_IMPORTS`` registers no ``bank.wire`` leaves a due
``bank.wire`` effect alone (no claim, no attempt) and says so four ways: an ERROR line in its
log (once, not once per tick), a mark on the effect with its journal row, a ``tape status``
line, and ``tape doctor --live`` exiting 3. A worker restarted with the connector registered
sends the effect once, and the mark is gone from all of them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tape import EffectRecord, EffectStatus, Journal, unregistered
from tape.testing import FakeUpstream
from tests.support import celery_procs
from tests.support.outbox_effects import current, new_run, outbox_effect, sent_with_key
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

OUTBOX = "tape.reactors.outbox"
WAITING = "waiting: connector bank.wire not registered in any worker"
ERROR_LINE = re.compile(r"ERROR.*wait for connector 'bank\.wire', which worker \S+ does not reg")


def passes_done(worker: celery_procs.CeleryProc) -> int:
    return worker.count(rf"Task {re.escape(OUTBOX)}\[[0-9a-f-]+\] succeeded")


def confirmed(effect: EffectRecord) -> EffectRecord | None:
    return effect if effect.status == EffectStatus.CONFIRMED else None


def tape_cli(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tape", *args],
        env=celery_procs.process_env(env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unregistered_connector_is_loud_until_a_worker_registers_it(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, bank: FakeUpstream
) -> None:
    effect = outbox_effect(pg_journal, new_run(pg_journal), 0, connector="bank.wire")
    base = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.worker_connectors",
        "TAPE_DISPATCH_HINTS": "0",
        "TAPE_OUTBOX_INTERVAL": "0.5",
    }
    cli_env = {"TAPE_DATABASE_URL": pg_url, "TAPE_BROKER_URL": redis_url}

    # -- 1. no worker registers bank.wire (worker_connectors registers nothing without BANK_URL)
    blind = tmp_path / "blind"
    with (
        celery_procs.celery_workers(blind, base, concurrency=1) as (worker,),
        celery_procs.celery_beat(blind, base),
    ):
        wait_until(lambda: ERROR_LINE.search(worker.log()), timeout=30, message=worker.log)
        marked = wait_until(
            lambda: unregistered.waiting(current(pg_journal, effect)),
            timeout=10,
            message=lambda: repr(current(pg_journal, effect)),
        )
        assert marked["connector"] == "bank.wire"
        # Six more passes: still one ERROR line and one journal row, never a claim.
        seen = passes_done(worker)
        wait_until(lambda: passes_done(worker) >= seen + 6, timeout=30, message=worker.log)
        assert len(ERROR_LINE.findall(worker.log())) == 1
        rows = [
            r.subject
            for r in pg_journal.read_journal(run_id=effect.run_id, kind="effect")
            if r.payload.get("transition") == "no-connector"
        ]
        assert rows == [f"/tape/effect/no-connector/bank.wire/{effect.run_id}"]
        held = current(pg_journal, effect)
        assert held.status == EffectStatus.PENDING
        assert held.dispatch_attempts == 0 and held.dispatch_claimed_by == ""

        status = tape_cli(tmp_path, cli_env, "status")
        assert status.returncode == 0, status.stderr
        assert WAITING in " ".join(status.stdout.split())
        doctor = tape_cli(tmp_path, cli_env, "doctor", "--live", "--pending-threshold-ms", "0")
        assert doctor.returncode == 3, doctor.stdout + doctor.stderr
        assert WAITING in " ".join(doctor.stdout.split())

    # -- 2. the worker restarted with bank.wire registered (BANK_URL set)
    assert not sent_with_key(bank, effect.idempotency_key)
    seeing = tmp_path / "seeing"
    env = {**base, "BANK_URL": bank.url}
    with (
        celery_procs.celery_workers(seeing, env, concurrency=1) as (worker,),
        celery_procs.celery_beat(seeing, env),
    ):
        sent = wait_until(
            lambda: confirmed(current(pg_journal, effect)),
            timeout=30,
            message=worker.log,
        )
        assert len(sent_with_key(bank, effect.idempotency_key)) == 1
        assert sent.dispatch_attempts == 1
        assert sent.last_dispatch_error == ""
        assert not ERROR_LINE.search(worker.log())

        status = tape_cli(tmp_path, cli_env, "status")
        assert status.returncode == 0, status.stderr
        assert "waiting: connector" not in status.stdout
        doctor = tape_cli(tmp_path, cli_env, "doctor", "--live", "--pending-threshold-ms", "0")
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        assert "waiting: connector" not in doctor.stdout
