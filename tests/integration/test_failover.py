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
from tape import DispatchMode, EffectSemantics, EffectStatus, connectors, migrations
from tape.reactors import outbox, reconcile
from tape.testing import FakeUpstream
from tests.support import pg_cluster, tape_server
from tests.support.outbox_effects import sent_with_key, transitions
from tests.support.runs import new_run

DB = "tape_failover"


@pytest.fixture
def pair() -> Iterator[tuple[pg_cluster.Cluster, pg_cluster.Cluster]]:
    with pg_cluster.scratch_root() as root, pg_cluster.replicated(root) as (primary, standby):
        primary.execute(f"CREATE DATABASE {DB}")
        # A synchronous commit is flushed on the standby; replayed (visible there) a moment
        # later. libpq tries no other host after the standby says "no such database".
        primary.wait_replayed_by(standby)
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
        # Synchronous replication: the committed claim is already on the standby (flushed;
        # promotion replays all of it, and a read there waits until it is replayed).
        primary.wait_replayed_by(standby)
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
        primary.wait_replayed_by(standby)
        assert standby.execute(f"SELECT count(*) FROM tape_runs WHERE run_id = '{run_id}'", DB) == [
            (1,)
        ]
    finally:
        assert server.stop() == 0, server.log.read_text()


def test_what_asynchronous_replication_loses_and_what_tape_then_does(tmp_path: Path) -> None:
    """docs/replication.md's table, on a real asynchronous standby that misses the primary's
    last commits (it is stopped before them, then promoted after the primary is SIGKILLed):

    - A: its claim reached the standby, its CONFIRMED did not. On the new primary it is PENDING
      and still claimed; nobody may send it; the claim lapses, it becomes UNKNOWN, the
      reconciler asks the bank and finds the wire: CONFIRMED, sent once.
    - B: neither its claim nor its outcome reached the standby. On the new primary it was never
      claimed, so the outbox sends it again: two calls for one effect. Only the upstream's
      deduplication by Idempotency-Key (this bank's ``dedupe=True``) keeps that to one wire;
      synchronous replication is what rules it out (the first test of this file).
    """
    with (
        pg_cluster.scratch_root() as root,
        pg_cluster.replicated(root, synchronous=False) as (primary, standby),
        FakeUpstream(dedupe=True) as bank,
    ):
        primary.execute(f"CREATE DATABASE {DB}")
        url = pg_cluster.multi_host_url([primary, standby], DB, connect_timeout="5")
        migrations.upgrade(url)
        connector = connectors.register(bank.http_connector("failover.bank"))
        journal = tape.connect(url)
        try:
            run_id = new_run(journal)
            a, b = (
                journal.begin_effect(
                    run_id=run_id,
                    decision_index=0,
                    tool_name="wire",
                    call_index=i,
                    request_json={"amount": 100 + i},
                    semantics=EffectSemantics.NON_IDEMPOTENT,
                    dispatch_mode=DispatchMode.OUTBOX,
                    connector=connector.name,
                )
                for i in range(2)
            )
            options = outbox.OutboxOptions(claimer="old-worker", lease_ms=1500)
            claim_a = journal.claim_effect_dispatch(
                run_id=run_id, idempotency_key=a.idempotency_key, claimer="old-worker",
                lease_ttl_ms=options.lease_ms,
            )  # fmt: skip
            primary.wait_replayed_by(standby)
            standby.stop()  # from here on, what the primary commits is lost with it

            [sent_a] = outbox.dispatch_claimed(
                journal, [claim_a.effect], claimer="old-worker", options=options
            )
            sent_b = outbox.dispatch_one(journal, run_id, b.idempotency_key, options)
            assert sent_a["result"] == sent_b["result"] == "confirmed"
            assert len(sent_with_key(bank, a.idempotency_key)) == 1

            primary.kill()
            wait_until_gone(primary)
            standby.start()
            standby.promote()

            lost_a = journal.get_effect(run_id=run_id, idempotency_key=a.idempotency_key)
            lost_b = journal.get_effect(run_id=run_id, idempotency_key=b.idempotency_key)
            assert lost_a is not None and lost_b is not None
            assert (lost_a.status, lost_a.dispatch_claimed_by) == (
                EffectStatus.PENDING,
                "old-worker",
            )
            assert (lost_b.status, lost_b.dispatch_claimed_by) == (EffectStatus.PENDING, "")

            new = outbox.OutboxOptions(claimer="new-worker", lease_ms=1500)
            deadline = time.monotonic() + 60
            while True:
                outbox.run_once(journal, new)
                reconcile.run_once(journal)
                effects = [
                    journal.get_effect(run_id=run_id, idempotency_key=e.idempotency_key)
                    for e in (a, b)
                ]
                if all(e is not None and e.status == EffectStatus.CONFIRMED for e in effects):
                    break
                assert time.monotonic() < deadline, effects
                time.sleep(0.1)
            [final_a, final_b] = effects
            assert final_a is not None and final_b is not None
            assert "observed" in " ".join(transitions(journal, final_a))
            assert "dispatch-claim-expired" in transitions(journal, final_a)
            assert len(sent_with_key(bank, a.idempotency_key)) == 1  # never re-sent blindly
            assert len(sent_with_key(bank, b.idempotency_key)) == 2  # sent again...
            assert bank.count(b.idempotency_key) == 1  # ...and deduplicated by the bank
        finally:
            journal.close()
