"""``tape doctor``'s replication line (docs/replication.md), on real local clusters of the
test's own: a failover keeps tape's promise only when commits wait for a synchronous standby,
so asynchronous standbys are a failed check, said before a failover rather than after."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from tape import migrations
from tape.cli import tape as cli
from tape.store import replication
from tests.support import pg_cluster


def doctor_line(url: str, name: str) -> str:
    env = {**os.environ, "TAPE_DATABASE_URL": url, "TAPE_BROKER_URL": "redis://127.0.0.1:6379/15"}
    result = CliRunner().invoke(cli, ["doctor"], env=env)
    lines = [line for line in result.output.splitlines() if f" {name}: " in line]
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_synchronous_standby_passes_and_an_asynchronous_one_fails() -> None:
    with pg_cluster.scratch_root() as root, pg_cluster.scratch_root() as other:
        with pg_cluster.replicated(root) as (primary, standby):
            state = replication.read_replication(primary.url())
            assert state is not None
            assert (state.standbys, state.synchronous) == (1, 1)
            assert state.failover_safe
            primary.execute("CREATE DATABASE tape_doctor")
            primary.wait_replayed_by(standby)
            migrations.upgrade(primary.url("tape_doctor"))
            line = doctor_line(primary.url("tape_doctor"), "replication")
            assert line.startswith("✓"), line
            assert "1 synchronous; commits wait for a synchronous standby" in line
            # Pointed at the standby itself: tape would be read-only there.
            on_standby = replication.read_replication(standby.url())
            assert on_standby is not None and on_standby.in_recovery
        with pg_cluster.replicated(other, synchronous=False) as (primary, _standby):
            state = replication.read_replication(primary.url())
            assert state is not None
            assert (state.standbys, state.synchronous) == (1, 0)
            assert not state.failover_safe
            primary.execute("CREATE DATABASE tape_doctor")
            migrations.upgrade(primary.url("tape_doctor"))
            line = doctor_line(primary.url("tape_doctor"), "replication")
            assert line.startswith("✗"), line
            assert "asynchronous replication" in line
            assert "send a non-idempotent effect twice" in line


def test_no_standby_is_said_and_sqlite_has_no_replication_line(
    pg_url: str, sqlite_url: str
) -> None:
    state = replication.read_replication(pg_url)
    assert state is not None and state.standbys == 0 and state.failover_safe
    assert doctor_line(pg_url, "replication").startswith("✓ replication: no streaming standby")
    assert replication.read_replication(sqlite_url) is None
    env = {**os.environ, "TAPE_DATABASE_URL": sqlite_url}
    output = CliRunner().invoke(cli, ["doctor"], env=env).output
    assert " replication: " not in output


@pytest.mark.parametrize("names", ["", "'x'"])
def test_the_line_says_why_commits_do_not_wait(names: str) -> None:
    state = replication.Replication(
        standbys=2,
        synchronous=None,
        synchronous_standby_names=names.strip("'"),
        synchronous_commit="local",
        in_recovery=False,
    )
    assert not state.failover_safe
    assert (
        "synchronous_standby_names is empty" if not names else "synchronous_commit is 'local'"
    ) in state.describe()
