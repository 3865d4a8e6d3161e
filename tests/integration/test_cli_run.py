"""``tape run`` in-process (click's CliRunner): inputs from ``--input`` / ``--arg``, and every
usage error as one line, exit 2, nothing journaled. Starting runs under a real ``tape dev``:
tests/acceptance/test_tape_run.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tape import cli, runtime
from tape.cli.run import parse_inputs
from tape.config import Settings
from tape.errors import InvalidArgument
from tape.journal import Journal

APP = "tests.support.run_agents"


@pytest.fixture
def db(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite journal; what ``tape run`` changes in this process is put back."""
    for name in list(os.environ):
        if name.startswith("TAPE_"):
            monkeypatch.delenv(name)
    for name in ("TAPE_DATABASE_URL", "TAPE_BROKER_URL", "TAPE_IMPORTS"):
        monkeypatch.setenv(name, "")  # so monkeypatch restores what tape run sets
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield sqlite_url
    runtime.configure(Settings(dispatch_hints=False))


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(
        cli.tape, ["run", *args, "--app", APP, "--database-url", url], catch_exceptions=False
    )


def test_parse_inputs() -> None:
    assert parse_inputs('{"request": "a", "count": 2}', ("count=3", "note=x=y", "flag=true")) == {
        "request": "a",
        "count": 3,  # --arg wins; a JSON value is parsed
        "note": "x=y",  # not JSON: the string
        "flag": True,
    }
    with pytest.raises(InvalidArgument, match="JSON object"):
        parse_inputs("[1]", ())
    with pytest.raises(InvalidArgument, match="KEY=VALUE"):
        parse_inputs("", ("novalue",))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["cli-echo", "--input", "{nope"], "--input is not JSON"),
        (["cli-echo", "--arg", "=x"], "KEY=VALUE"),
        (["no-such-agent"], "no agent named 'no-such-agent' in tests.support.run_agents"),
        (["cli-echo", "--arg", "reqest=typo"], "no argument named 'reqest'"),
        (["cli-echo", "--arg", "count=2"], "missing a required argument: 'request'"),
    ],
)
def test_usage_errors_are_one_line_and_journal_nothing(db: str, args: list[str], says: str) -> None:
    result = run(db, *args)

    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("tape: error: ") and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with Journal(db) as journal:
        assert journal.list_runs(limit=10) == []


def test_dev_refuses_an_app_module_that_does_not_exist_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.tape, ["dev", "--app", "no_such_module"])

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "tape: error: cannot import the app module 'no_such_module': "
        "no module named 'no_such_module'"
    )
    assert not (tmp_path / ".tape").exists()  # nothing started, nothing made


def test_dev_with_a_garbage_database_url_leaves_no_tape_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.tape, ["dev", "--database-url", "garbage"])

    assert result.exit_code == 2
    assert "malformed database URL" in result.stderr
    assert not (tmp_path / ".tape").exists()


def test_the_python_api_reads_tape_yaml_in_a_project_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TAPE_DATABASE_URL", "TAPE_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    # no project here: tape dev's embedded broker (tests/integration/test_config_resolution.py)
    assert Settings.from_env().broker_url == f"filesystem://{tmp_path.resolve()}/.tape/broker"
    (tmp_path / "tape.yaml").write_text("kind: TapeProject\ntape:\n  broker_url: filesystem://\n")

    settings = Settings.from_env()

    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / '.tape' / 'dev.db'}"
    assert settings.broker_url == f"filesystem://{tmp_path.resolve() / '.tape' / 'broker'}"
    monkeypatch.setenv("TAPE_BROKER_URL", "redis://elsewhere:6379/1")
    assert Settings.from_env().broker_url == "redis://elsewhere:6379/1"  # the variable wins


def test_a_journal_without_a_schema_says_what_to_run(db: str, tmp_path: Path) -> None:
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"

    result = run(fresh, "cli-echo", "--arg", "request=hi")

    assert result.exit_code == 1
    assert "has no tape schema; run `tape migrate" in result.stderr
    assert "start `tape dev` here" in result.stderr
