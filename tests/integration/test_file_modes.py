"""Issue 21: the SQLite journal and ``.tape/`` are their user's alone (``0600`` / ``0700``).

Each test runs under umask 0, so a mode that is right is tape's doing, not the umask's.
``tape dev`` itself is covered in tests/acceptance/test_dev_demo.py.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tape import Journal, config, migrations
from tape.cli import tape as tape_cli


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    saved = os.umask(0)
    yield
    os.umask(saved)


def test_the_journal_creates_its_sqlite_file_0600_with_wal_and_shm(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    migrations.upgrade(f"sqlite:///{path}")
    journal = Journal(f"sqlite:///{path}")
    journal.begin_run(app_name="a", user_id="u", session_id="s", invocation_id="i", lease_owner="w")

    # The write left the WAL and the shared-memory index next to the journal.
    for name in ("fresh.db", "fresh.db-wal", "fresh.db-shm"):
        assert mode(tmp_path / name) == 0o600, name
    journal.close()


def test_upgrade_creates_the_missing_folders_0700(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "tape.db"

    migrations.upgrade(f"sqlite:///{path}")

    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700
    assert mode(path) == 0o600


def test_tape_migrate_creates_dot_tape_0700(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(tape_cli, ["migrate", "--database-url", "sqlite:///./.tape/dev.db"])

    assert result.exit_code == 0, result.output
    assert mode(tmp_path / ".tape") == 0o700
    assert mode(tmp_path / ".tape" / "dev.db") == 0o600


def test_the_dev_broker_folders_are_0700(tmp_path: Path) -> None:
    folder = tmp_path / ".tape" / "broker"

    config.filesystem_transport_options(str(folder))

    for path in (tmp_path / ".tape", folder, folder / "queue", folder / "control"):
        assert mode(path) == 0o700, path


def test_what_exists_keeps_its_mode(tmp_path: Path) -> None:
    os.mkdir(tmp_path / "shared", 0o755)
    path = tmp_path / "shared" / "tape.db"
    path.touch(0o640)

    migrations.upgrade(f"sqlite:///{path}")

    assert mode(tmp_path / "shared") == 0o755  # the operator's choice
    assert mode(path) == 0o640
