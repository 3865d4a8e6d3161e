"""A connection storm: Postgres at ``max_connections``, held by other clients, while a real
celery worker and beat are dispatching and a real ``tape server`` is serving (docs/replication.md,
"When Postgres is full").

The cluster is the test's own (``tests/support/pg_cluster.py``, ``max_connections=20``). Calls
to a slow bank are in flight when the storm hits: the worker's sessions are terminated and
every free slot is taken, so the outcomes cannot be recorded and no new connection is let in.
The worker, beat and the server must keep running (no crash loop: the same processes before
and after), keep failing politely while Postgres is full, and recover by themselves once the
slots are free: every effect CONFIRMED with exactly one wire (the claims that could not be
finished lapse to UNKNOWN and the reconciler finds the wire; nothing is sent twice).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

import tape
from tape import EffectStatus, migrations
from tape.testing import FakeUpstream
from tests.support import celery_procs, pg_cluster, tape_server
from tests.support.databases import REDIS_URL
from tests.support.outbox_effects import new_run, outbox_effect, sent_with_key, transitions
from tests.support.waiting import wait_until

DB = "tape_storm"
EFFECTS = 6
#: Postgres's refusals of a new session when the slots are gone.
FULL = re.compile(r"too many clients already|remaining connection slots are reserved")


class Hog:
    """Other clients holding every connection slot of ``cluster``."""

    def __init__(self, cluster: pg_cluster.Cluster) -> None:
        self.cluster = cluster
        self.held: list[object] = []

    def fill(self) -> int:
        """Open sessions until Postgres refuses one; how many are held in all."""
        while True:
            try:
                conn = psycopg2.connect(self.cluster.url(DB), connect_timeout=5)
            except psycopg2.OperationalError as exc:
                assert FULL.search(str(exc)), str(exc)
                return len(self.held)
            self.held.append(conn)

    def terminate_others(self) -> None:
        """End every session on the database but the hog's (the worker's pooled ones)."""
        mine = [c.get_backend_pid() for c in self.held]  # type: ignore[attr-defined]
        with self.held[0].cursor() as cur:  # type: ignore[attr-defined]
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND backend_type = 'client backend' "
                "AND NOT (pid = ANY(%s))",
                (mine,),
            )
        self.held[0].commit()  # type: ignore[attr-defined]

    def release(self) -> None:
        for conn in self.held:
            with contextlib.suppress(Exception):
                conn.close()  # type: ignore[attr-defined]
        self.held.clear()


@pytest.fixture
def cluster() -> Iterator[pg_cluster.Cluster]:
    settings = {"max_connections": "20", "superuser_reserved_connections": "0"}
    with pg_cluster.scratch_root() as root, pg_cluster.single(root, settings) as solo:
        solo.execute(f"CREATE DATABASE {DB}")
        migrations.upgrade(solo.url(DB))
        yield solo


def test_workers_beat_and_server_wait_out_a_full_postgres(
    cluster: pg_cluster.Cluster, bank: FakeUpstream, tmp_path: Path
) -> None:
    url = cluster.url(DB)
    env = {
        "TAPE_DATABASE_URL": url,
        "TAPE_BROKER_URL": REDIS_URL,
        "TAPE_BROKER_KEYPREFIX": f"tape-storm-{tmp_path.name}:",
        "TAPE_IMPORTS": "tests.support.worker_connectors",
        "TAPE_DISPATCH_HINTS": "0",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_RECONCILE_INTERVAL": "0.5",
        "TAPE_DISPATCH_LEASE_MS": "3000",
        "BANK_URL": bank.url,
        "BANK_TIMEOUT_S": "15",
    }
    worker = celery_procs.worker(tmp_path, env, concurrency=1)
    beat = celery_procs.beat(tmp_path, env)
    server = tape_server.start_process(url, tmp_path / "server.log")
    hog = Hog(cluster)
    try:
        with celery_procs.running([worker, beat]):
            pids = (worker.pid, beat.pid, server.process.pid)
            journal = tape.connect(url)
            run_id = new_run(journal)
            bank.delay(4.0, times=None)  # every call is in flight for a while
            effects = [outbox_effect(journal, run_id, i) for i in range(EFFECTS)]
            keys = [e.idempotency_key for e in effects]
            journal.close()
            wait_until(lambda: bank.requests, timeout=60, message="a call in flight")

            hog.fill()
            hog.terminate_others()
            hog.fill()
            refused_before = len(FULL.findall(worker.log()))
            wait_until(
                lambda: len(FULL.findall(worker.log())) >= refused_before + 3,
                timeout=120,
                message=lambda: f"the worker to be refused by a full Postgres:\n{worker.log()}",
            )
            remote = tape.connect(server.url)
            try:
                with pytest.raises(Exception) as caught:
                    remote.get_run(run_id=run_id)
                assert FULL.search(str(caught.value)) or "database" in str(caught.value).lower()
                assert worker.alive() and beat.alive() and server.process.poll() is None

                hog.release()
                bank.clear_faults()
                journal = tape.connect(url)
                try:
                    wait_until(
                        lambda: all(
                            _status(journal, run_id, k) == EffectStatus.CONFIRMED for k in keys
                        ),
                        timeout=180,
                        message=lambda: (
                            "every effect CONFIRMED: "
                            + str([_status(journal, run_id, k) for k in keys])
                        ),
                    )
                    # The calls in flight when the storm hit could not record their outcome:
                    # their claims lapsed, and the reconciler found the wires.
                    expired = [
                        e for e in effects if "dispatch-claim-expired" in transitions(journal, e)
                    ]
                    assert expired, [transitions(journal, e) for e in effects]
                finally:
                    journal.close()
                # The server answers again, without a restart.
                assert remote.get_run(run_id=run_id).run_id == run_id
            finally:
                remote.close()
            for key in keys:
                assert len(sent_with_key(bank, key)) == 1, key
            assert bank.count() == EFFECTS
            assert (worker.pid, beat.pid, server.process.pid) == pids
            assert worker.alive() and beat.alive() and server.process.poll() is None
    finally:
        hog.release()
        assert server.stop() == 0, server.log.read_text()


def _status(journal: tape.Journal, run_id: str, key: str) -> EffectStatus | None:
    effect = journal.get_effect(run_id=run_id, idempotency_key=key)
    return None if effect is None else effect.status
