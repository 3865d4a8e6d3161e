"""Papercuts of the first hour (issue 28, item 10): a re-used ``--invocation-id`` says so,
``tape tail`` starts at the tail, statuses print by name, run-id prefixes in every command
that takes a run id, JSON-only stderr from ``python -m tape.reactors.outbox``, and documented
identity fields on :class:`tape.RunState`."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tape import cli, errors, records, runtime
from tape.config import Settings
from tape.enums import EffectStatus, RunStatus
from tape.journal import Journal
from tests.support import runs

APP = "tests.support.run_agents"


def _cli(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli.tape, [*args, "--database-url", url])


# ---- a re-used --invocation-id ----------------------------------------------------------------


@pytest.fixture
def run_db(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite journal for ``tape run``; what it changes in this process is put
    back (as tests/integration/test_cli_run.py does)."""
    for name in list(os.environ):
        if name.startswith("TAPE_"):
            monkeypatch.delenv(name)
    for name in ("TAPE_DATABASE_URL", "TAPE_BROKER_URL", "TAPE_IMPORTS"):
        monkeypatch.setenv(name, "")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield sqlite_url
    runtime.configure(Settings(dispatch_hints=False))


def test_tape_run_with_a_reused_invocation_id_says_already_started(run_db: str) -> None:
    args = ["run", "cli-echo", "--arg", "request=hi", "--invocation-id", "inv-1", "--app", APP]

    first = _cli(run_db, *args)
    again = _cli(run_db, *args)

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    run_id = first.stdout.split()[1]
    assert first.stdout.startswith(f"run {run_id} started (agent cli-echo)")
    assert again.stdout.startswith(f"already started: {run_id} ")
    assert "started (agent" not in again.stdout
    with Journal(run_db) as journal:
        assert [r.run_id for r in journal.list_runs(limit=10)] == [run_id]


# ---- tape tail starts at the tail -------------------------------------------------------------


def test_tape_tail_shows_only_rows_from_now_unless_from_seq_0(sqlite_url: str) -> None:
    with Journal(sqlite_url) as journal:
        journal.write_value(namespace="old", key="a", value_json=1)

        from_now = _cli(sqlite_url, "tail", "--raw", "--idle-exit", "0.3")
        replay = _cli(sqlite_url, "tail", "--from-seq", "0", "--raw", "--idle-exit", "0.3")

    assert from_now.exit_code == 0, from_now.output
    assert from_now.stdout == ""
    assert replay.exit_code == 0, replay.output
    subjects = [json.loads(line)["subject"] for line in replay.stdout.splitlines()]
    assert "/tape/value/changed/old/a" in subjects


# ---- statuses print by name -------------------------------------------------------------------


def test_statuses_print_by_name_and_keep_their_stored_values(journal: Journal) -> None:
    run_id = runs.new_run(journal, app_name="names")
    run = journal.get_run(run_id=run_id)

    assert str(run.status) == "RUNNING"
    assert f"{run.status}" == "RUNNING"
    assert f"{run.status:d}" == "2"
    assert run.status == 2 and int(run.status) == 2
    assert str(EffectStatus.UNKNOWN) == "UNKNOWN"
    assert journal.list_runs(statuses=[RunStatus(2)], limit=5)[0].run_id == run_id


# ---- run-id prefixes --------------------------------------------------------------------------


def _common(a: str, b: str) -> str:
    """The longest prefix two run ids share."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _shortest_unique_prefix(run_id: str, journal: Journal) -> str:
    """The shortest prefix of ``run_id`` that no other run's id starts with."""
    others = [r.run_id for r in journal.list_runs(limit=100) if r.run_id != run_id]
    for n in range(1, len(run_id) + 1):
        if not any(o.startswith(run_id[:n]) for o in others):
            return run_id[:n]
    return run_id


def _runs_sharing_a_prefix(journal: Journal) -> tuple[str, str, str]:
    """Three runs; the first two share a longer prefix than the third shares with them."""
    made = [runs.new_run(journal, app_name="prefix") for _ in range(40)]
    made.sort()
    for a, b in itertools.pairwise(made):
        common = _common(a, b)
        if common:
            other = next(r for r in made if not r.startswith(common))
            return a, b, other
    raise AssertionError(f"no two of {made} share a first character")


def test_resolve_run_id_takes_a_unique_prefix_and_refuses_an_ambiguous_one(
    journal: Journal,
) -> None:
    first, second, other = _runs_sharing_a_prefix(journal)
    common = _common(first, second)

    assert journal.resolve_run_id(first) == first
    assert journal.resolve_run_id(first[: len(common) + 1]) == first
    assert journal.resolve_run_id(other) == other
    with pytest.raises(errors.AmbiguousRunId) as ambiguous:
        journal.resolve_run_id(common)
    assert first in str(ambiguous.value) and second in str(ambiguous.value)
    with pytest.raises(errors.RunNotFound):
        journal.resolve_run_id("zz-no-such-run")
    # Exact case: SQLite's LIKE would take an upper-case prefix too.
    if first[: len(common) + 1].upper() != first[: len(common) + 1]:
        with pytest.raises(errors.RunNotFound):
            journal.resolve_run_id(first[: len(common) + 1].upper())


def test_every_command_that_takes_a_run_id_takes_a_unique_prefix(journal_url: str) -> None:
    with Journal(journal_url) as journal:
        first, second, other = _runs_sharing_a_prefix(journal)
        prefix = first[: len(_common(first, second)) + 1]
        # Of the 40 runs, others may share other's first characters (random ids): a prefix
        # as long as ``prefix`` was ambiguous now and then.
        other_prefix = _shortest_unique_prefix(other, journal)

    inspected = _cli(journal_url, "inspect", prefix, "--json")
    summary = _cli(journal_url, "inspect", prefix, "--summary", "--json")
    dumped = _cli(journal_url, "doctor", "--dump-run", prefix, "--json")
    tailed = _cli(
        journal_url, "tail", "--run", prefix, "--from-seq", "0", "--raw", "--idle-exit", "0.2"
    )
    signalled = _cli(journal_url, "signal", prefix, "approval", "--json")
    redriven = _cli(journal_url, "redrive", other_prefix, "--force")
    cancelled = _cli(journal_url, "cancel", other_prefix)

    assert inspected.exit_code == 0, inspected.output
    assert json.loads(inspected.stdout)["run"]["run_id"] == first
    assert summary.exit_code == 0, summary.output
    assert first in summary.stdout
    assert dumped.exit_code == 0, dumped.output
    assert json.loads(dumped.stdout)["run"]["run_id"] == first
    assert tailed.exit_code == 0, tailed.output
    assert {json.loads(line)["run_id"] for line in tailed.stdout.splitlines()} == {first}
    assert signalled.exit_code == 0, signalled.output
    assert json.loads(signalled.stdout)["run_id"] == first
    assert redriven.exit_code == 0, redriven.output
    assert f"run {other}: RUNNING -> RUNNABLE" in redriven.stdout
    assert cancelled.exit_code == 0, cancelled.output
    assert f"run {other}: RUNNABLE -> CANCELLED" in cancelled.stdout


def test_an_ambiguous_prefix_is_one_line_listing_matches(journal_url: str) -> None:
    with Journal(journal_url) as journal:
        first, second, _ = _runs_sharing_a_prefix(journal)
        common = _common(first, second)
        before = [(r.run_id, r.status) for r in journal.list_runs(limit=100)]

    result = _cli(journal_url, "cancel", common)

    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"tape: error: run id prefix '{common}' is ambiguous: ")
    assert first in lines[0] and second in lines[0]
    with Journal(journal_url) as journal:
        assert [(r.run_id, r.status) for r in journal.list_runs(limit=100)] == before


# ---- python -m tape.reactors.outbox with TAPE_LOG_FORMAT=json ---------------------------------

CONNECTOR_MODULE = """
from tape import connectors
from tape.connectors.http import HTTPConnector

# Port 1: nothing listens, every dispatch is refused (connection_refused).
connectors.register(HTTPConnector(name="sec.closed", endpoint="http://127.0.0.1:1/wires"))
"""


@pytest.mark.journal_backends("postgres")
def test_the_outbox_pass_logs_only_json_on_stderr_with_tape_log_format_json(
    journal_url: str, tmp_path: Path
) -> None:
    with Journal(journal_url) as journal:
        run_id = runs.new_run(journal, app_name="outbox-json")
        journal.begin_effect(
            run_id=run_id,
            decision_index=0,
            tool_name="wire",
            request_json={"amount": 1},
            semantics="NON_IDEMPOTENT",
            dispatch_mode="OUTBOX",
            connector="sec.closed",
        )
    (tmp_path / "closed_connector.py").write_text(CONNECTOR_MODULE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    env.update(TAPE_LOG_FORMAT="json", PYTHONPATH=str(tmp_path))
    args = ["--database-url", journal_url, "--load", "closed_connector", "--once"]

    done = subprocess.run(
        [sys.executable, "-m", "tape.reactors.outbox", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["outbox"]
    assert [r["result"] for r in results] == ["retry-scheduled"], results
    lines = done.stderr.strip().splitlines()
    assert lines, "the refused dispatch logs a line"
    parsed = [json.loads(line) for line in lines]  # every line is JSON
    assert any("sec.closed dispatch" in p["msg"] for p in parsed), parsed


# ---- identity fields documented ---------------------------------------------------------------


def test_run_state_documents_its_identity_fields() -> None:
    doc = records.RunState.__doc__ or ""
    for name in ("tenant_id", "actor", "subject", "agent_id", "aiplex_instance_id"):
        assert f"{name}:" in doc
    assert "gateway_route:" in doc
