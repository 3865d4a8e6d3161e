"""``tape run --scope S`` (repeatable) grants scopes to the run it starts, on top of the
agent's own; a run lacking a scope its agent's tools require is refused in one line naming the
ways to grant it, exit 2, nothing journaled. Under a real ``tape dev`` worker:
tests/acceptance/test_tape_run_scopes.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tape import cli, runtime
from tape.config import Settings
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
    """``tape run`` with an in-memory broker: no worker here, the run stays RUNNABLE."""
    return CliRunner().invoke(
        cli.tape,
        ["run", *args, "--app", APP, "--database-url", url, "--broker-url", "memory://"],
        catch_exceptions=False,
    )


def test_a_missing_scope_is_refused_in_one_line_with_how_to_grant_it(db: str) -> None:
    result = run(db, "cli-order", "--arg", "item=book", "--scope", "shop:write")

    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "tape: error: agent 'cli-order' cannot start: place_order requires scope 'shop:order' "
        "(granted: shop:read, shop:write). Grant it to every run of the agent with "
        "@tape.agent(scopes=['shop:order']), or to one run with "
        "`tape run AGENT --scope shop:order` or .delay(..., scopes=['shop:order'])\n"
    )
    with Journal(db) as journal:
        assert journal.list_runs(limit=10) == []


def test_scope_grants_the_run_its_scopes_with_the_agents_own(db: str) -> None:
    result = run(
        db, "cli-order", "--arg", "item=book", "--scope", "shop:order", "--scope", "audit:write"
    )

    assert result.exit_code == 0, result.output
    with Journal(db) as journal:
        (started,) = journal.list_runs(limit=10)
    assert result.stdout == f"run {started.run_id} started (agent cli-order)\n"
    assert started.scopes == ["audit:write", "shop:order", "shop:read"]


def test_an_empty_scope_is_a_usage_error(db: str) -> None:
    result = run(db, "cli-order", "--arg", "item=book", "--scope", "")

    assert result.exit_code == 2, result.output
    assert result.stderr == "tape: error: scope must be a non-empty string\n"
    with Journal(db) as journal:
        assert journal.list_runs(limit=10) == []
