"""``tape migrate`` and the ``tape`` group, through click's CliRunner (SQLite files only)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tape import cli, migrations

SECRET = "hunter2-s3cret"


@pytest.fixture(autouse=True)
def _no_tape_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No TAPE_* setting leaks in, and the default ./.tape/dev.db lands in tmp_path."""
    for name in list(os.environ):
        if name.startswith("TAPE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli.tape, list(args), env=env, catch_exceptions=False)


def test_version() -> None:
    result = run("--version")

    assert result.exit_code == 0
    assert result.stdout.startswith("tape ")


def test_help_lists_migrate() -> None:
    result = run("--help")

    assert result.exit_code == 0
    assert "migrate" in result.stdout


@pytest.mark.parametrize(
    "url",
    [
        f"mysql://root:{SECRET}@localhost/tape",
        "not a database url",
        "sqlite://",
        f"postgresql://user:{SECRET}@host:notaport/db",
    ],
)
@pytest.mark.parametrize("dry_run", [False, True])
def test_bad_url_exits_2_with_one_line(url: str, dry_run: bool) -> None:
    result = run("migrate", "--database-url", url, *(["--dry-run"] if dry_run else []))

    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("tape: error: ")
    assert "Traceback" not in result.output
    assert SECRET not in result.output


@pytest.mark.parametrize("dry_run", [False, True])
def test_unreachable_postgres_never_shows_the_password(dry_run: bool) -> None:
    # Port 1 on localhost refuses at once: the error path, with a password in the URL.
    url = f"postgresql://tape:{SECRET}@127.0.0.1:1/tape"
    result = run("migrate", "--database-url", url, *(["--dry-run"] if dry_run else []))

    assert result.exit_code == 1
    assert result.stderr.startswith("tape: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "tape:***@127.0.0.1:1" in result.stderr
    assert SECRET not in result.output


def test_migrate_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "tape.db"
    url = f"sqlite:///{path}"
    head = migrations.head_revision()

    first = run("migrate", "--database-url", url)
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        "created ./nested/ for the SQLite journal\n"
        f"tape schema at {head} ({url}), upgraded from <none>\n"
    )
    assert migrations.current_revision(url) == head

    again = run("migrate", "--database-url", url)
    assert again.exit_code == 0, again.output
    assert again.stdout == f"tape schema at {head} ({url}), already up to date\n"


def test_dry_run_on_a_fresh_sqlite_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "tape.db"

    result = run("migrate", "--database-url", f"sqlite:///{path}", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "tape schema at <none>" in result.stdout
    assert f"would upgrade to {migrations.head_revision()}" in result.stdout
    assert "dry run" in result.stdout
    assert not path.parent.exists()


def test_dry_run_on_a_migrated_file_says_up_to_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tape.db'}"
    migrations.upgrade(url)

    result = run("migrate", "--database-url", url, "--dry-run")

    assert result.exit_code == 0, result.output
    assert f"tape schema at {migrations.head_revision()}" in result.stdout
    assert "up to date" in result.stdout


def test_database_url_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"

    result = run("migrate", env={"TAPE_DATABASE_URL": f"sqlite:///{path}"})

    assert result.exit_code == 0, result.output
    assert path.is_file()


def test_default_database_is_the_embedded_dev_journal(tmp_path: Path) -> None:
    result = run("migrate")

    assert result.exit_code == 0, result.output
    assert (tmp_path / ".tape" / "dev.db").is_file()
    assert f"(sqlite:///{tmp_path.resolve() / '.tape' / 'dev.db'})" in result.stdout


def test_unknown_revision_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "tape.db"

    result = run("migrate", "--database-url", f"sqlite:///{path}", "--revision", "nope")

    assert result.exit_code == 1
    assert result.stderr.startswith("tape: error: unknown tape schema revision 'nope'")
    assert not path.exists()


def test_a_missing_folder_outside_the_working_tree_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: a SQLite path in a missing folder outside the working directory is refused
    (nothing created) unless --create-dirs, which says what it created."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    outside = tmp_path / "elsewhere" / "deep"
    url = f"sqlite:///{outside / 'tape.db'}"

    refused = run("migrate", "--database-url", url)
    assert refused.exit_code == 1
    assert "does not exist and is outside the working directory" in refused.stderr
    assert "--create-dirs" in refused.stderr
    assert not (tmp_path / "elsewhere").exists()

    allowed = run("migrate", "--database-url", url, "--create-dirs")
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stdout.splitlines()[0] == f"created {outside}/ for the SQLite journal"
    assert migrations.current_revision(url) == migrations.head_revision()
