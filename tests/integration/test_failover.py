"""A Postgres failover under a multi-host URL (docs/replication.md), on two real local clusters
of the test's own: a primary and its synchronous streaming standby.

- The URL lists the standby first: ``target_session_attrs=read-write`` makes libpq skip it and
  keep the primary.
- A write committed on the primary is on the standby when the commit returns (synchronous
  replication), so a dispatch claim survives the failover: after the primary is SIGKILLed and
  the standby promoted, the same Journal (its pool) finds the new primary by itself, the claim
  is still there, and when its lease lapses the NON_IDEMPOTENT effect becomes UNKNOWN for the
  reconciler; it is never claimed or sent again blindly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import tape
from tape import DispatchMode, EffectSemantics, EffectStatus, migrations
from tests.support import pg_cluster, tape_server
from tests.support.runs import new_run

DB = "tape_failover"


@pytest.fixture
def pair() -> Iterator[tuple[pg_cluster.Cluster, pg_cluster.Cluster]]:
    with pg_cluster.scratch_root() as root, pg_cluster.replicated(root) as (primary, standby):
        primary.execute(f"CREATE DATABASE {DB}")
        yield primary, standby


def server_port(journal: tape.Journal) -> int:
    with journal.database.read() as conn:
        return int(conn.execute(text("SELECT inet_server_port()")).scalar_one())


def wait_until_gone(cluster: pg_cluster.Cluster, timeout: float = 60.0) -> None:
    """Until no process of ``cluster`` is left (its backends exit once the postmaster died)."""
    deadline = time.monotonic() + timeout
    while cluster._processes():
        assert time.monotonic() < deadline, f"{cluster} still has processes"
        time.sleep(0.05)


def test_a_connection_goes_to_the_read_write_host_and_follows_a_promotion(
    pair: tuple[pg_cluster.Cluster, pg_cluster.Cluster],
) -> None:
    primary, standby = pair
    url = pg_cluster.multi_host_url([standby, primary], DB, connect_timeout="5")
    migrations.upgrade(url)  # a migration runs on the read-write host too
    journal = tape.connect(url)
    try:
        assert server_port(journal) == primary.port
        run_id = new_run(journal)
        effect = journal.begin_effect(
            run_id=run_id,
            decision_index=0,
            tool_name="wire",
            call_index=0,
            semantics=EffectSemantics.NON_IDEMPOTENT,
            dispatch_mode=DispatchMode.OUTBOX,
            connector="bank",
        )
        claim = journal.claim_effect_dispatch(
            run_id=run_id,
            idempotency_key=effect.idempotency_key,
            claimer="worker-on-old-primary",
            lease_ttl_ms=1500,
        )
        assert claim.acquired
        # Synchronous replication: the committed claim is already on the standby.
        on_standby = standby.execute(
            "SELECT dispatch_claimed_by, dispatch_attempts FROM tape_effects "
            f"WHERE idempotency_key = '{effect.idempotency_key}'",
            DB,
        )
        assert on_standby == [("worker-on-old-primary", 1)]

        primary.kill()
        wait_until_gone(primary)
        standby.promote()

        # The same journal, its pool holding connections to the dead primary: the checkout
        # check drops them and libpq finds the promoted standby.
        assert server_port(journal) == standby.port
        after = journal.get_effect(run_id=run_id, idempotency_key=effect.idempotency_key)
        assert after is not None
        assert after.status == EffectStatus.PENDING
        assert after.dispatch_claimed_by == "worker-on-old-primary"
        # Nobody may take a NON_IDEMPOTENT effect whose attempt may be in flight.
        again = journal.claim_effect_dispatch(
            run_id=run_id,
            idempotency_key=effect.idempotency_key,
            claimer="worker-on-new-primary",
            lease_ttl_ms=1500,
        )
        assert not again.acquired
        deadline = time.monotonic() + 30
        while not journal.expire_dispatch_claims():
            assert time.monotonic() < deadline, "the claim never lapsed"
            time.sleep(0.1)
        final = journal.get_effect(run_id=run_id, idempotency_key=effect.idempotency_key)
        assert final is not None
        assert final.status == EffectStatus.UNKNOWN  # the reconciler asks the upstream
        assert final.dispatch_attempts == 1
        assert "claim expired" in final.last_dispatch_error

        # A fresh client (a restarted worker) finds the new primary as well.
        fresh = tape.connect(url)
        try:
            assert server_port(fresh) == standby.port
            assert fresh.get_effect(run_id=run_id, idempotency_key=effect.idempotency_key)
        finally:
            fresh.close()
    finally:
        journal.close()


def test_without_a_read_write_host_the_error_is_a_connection_error_not_a_wrong_write(
    pair: tuple[pg_cluster.Cluster, pg_cluster.Cluster],
) -> None:
    """Only the standby up (read-only): nothing is written anywhere, the error says why."""
    primary, standby = pair
    url = pg_cluster.multi_host_url([primary, standby], DB, connect_timeout="5")
    migrations.upgrade(url)
    primary.kill()
    wait_until_gone(primary)
    journal = tape.connect(url)
    try:
        with pytest.raises(Exception) as caught:
            new_run(journal)
        assert "read-write" in str(caught.value) or "read-only" in str(caught.value)
    finally:
        journal.close()
    standby.promote()
    journal = tape.connect(url)
    try:
        assert server_port(journal) == standby.port
        assert new_run(journal)
    finally:
        journal.close()


SECRET = "hunter2-multi-host-pw"  # trust auth: libpq never sends it, tape must never show it


def test_cli_tape_yaml_and_server_take_the_multi_host_url(
    pair: tuple[pg_cluster.Cluster, pg_cluster.Cluster], tmp_path: Path
) -> None:
    primary, standby = pair
    url = pg_cluster.multi_host_url([standby, primary], DB).replace(
        "postgres@", f"postgres:{SECRET}@"
    )
    shown = f"postgres:***@127.0.0.1:{standby.port},127.0.0.1:{primary.port}/{DB}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    tape_cli = [sys.executable, "-m", "tape"]

    migrated = subprocess.run(
        [*tape_cli, "migrate", "--database-url", url],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr
    assert shown in migrated.stdout + migrated.stderr
    assert SECRET not in migrated.stdout + migrated.stderr

    # tape.yaml's database_url, and TAPE_DATABASE_URL, reach the same primary.
    (tmp_path / "tape.yaml").write_text(f"tape:\n  database_url: '{url}'\n")
    for extra in ({}, {"TAPE_DATABASE_URL": url}):
        doctor = subprocess.run(
            [*tape_cli, "doctor"],
            capture_output=True, text=True, env={**env, **extra}, cwd=tmp_path, timeout=120,
        )  # fmt: skip
        database_line = next(
            line for line in doctor.stdout.splitlines() if "schema at head" in line
        )
        assert shown in database_line
        assert SECRET not in doctor.stdout + doctor.stderr

    server = tape_server.start_process(url, tmp_path / "server.log", env={"TAPE_DATABASE_URL": ""})
    try:
        assert SECRET not in server.log.read_text()
        assert shown in server.log.read_text()
        remote = tape.connect(server.url)
        try:
            run_id = new_run(remote)
        finally:
            remote.close()
        # Written through the server onto the primary, hence (synchronously) on the standby.
        assert standby.execute(f"SELECT count(*) FROM tape_runs WHERE run_id = '{run_id}'", DB) == [
            (1,)
        ]
    finally:
        assert server.stop() == 0, server.log.read_text()
