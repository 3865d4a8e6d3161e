"""``tape signal RUN_ID GATE [--resolution JSON]`` through CliRunner, on Postgres and SQLite:
it releases a WAITING run; refusals (no such run, bad JSON, answered twice, a finished run, a
reserved gate) print one line, exit 1 or 2, and change nothing."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tape import Journal, RunStatus, cli
from tests.integration.test_bad_input import dump
from tests.support.runs import new_run


@pytest.fixture(autouse=True)
def _no_tape_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("TAPE_") and not name.startswith("TAPE_TEST_"):
            monkeypatch.delenv(name)


def tape_signal(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli.tape, ["signal", *args, "--database-url", url])


def waiting_run(j: Journal, gate: str = "approve") -> str:
    run_id = new_run(j)
    epoch = j.get_run(run_id=run_id).lease_epoch
    assert not j.await_signal(run_id=run_id, gate_name=gate, lease_epoch=epoch).delivered
    return run_id


def refused(j: Journal, url: str, code: int, message: str, *args: str) -> Result:
    before = dump(j)
    result = tape_signal(url, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr, result.stderr
    assert result.stderr.startswith("tape: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert dump(j) == before, "a refused signal changed the database"
    return result


def test_signal_releases_a_waiting_run(journal: Journal, journal_url: str) -> None:
    run_id = waiting_run(journal)
    result = tape_signal(journal_url, run_id, "approve", "--resolution", '{"approved": true}')
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"run {run_id}: WAITING -> RUNNABLE (gate 'approve' answered); recovery will re-drive it\n"
    )
    run = journal.get_run(run_id=run_id)
    assert (run.status, run.waiting_on_gate) == (RunStatus.RUNNABLE, "")
    assert run_id in {r.run_id for r in journal.list_runs_to_recover()}
    journal.resume_run(run_id=run_id, lease_owner="w2")
    taken = journal.await_signal(run_id=run_id, gate_name="approve")
    assert (taken.delivered, taken.resolution) == (True, {"approved": True})


def test_signal_before_the_run_waits_and_json_output(journal: Journal, journal_url: str) -> None:
    run_id = new_run(journal)
    result = tape_signal(journal_url, run_id, "later", "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert data == {
        "run_id": run_id,
        "gate": "later",
        "accepted": True,
        "released": False,
        "run_status": "running",
    }
    taken = journal.await_signal(run_id=run_id, gate_name="later")
    assert (taken.delivered, taken.resolution) == (True, {})  # the default resolution

    released = json.loads(
        tape_signal(journal_url, waiting_run(journal), "approve", "--json").stdout
    )
    assert (released["released"], released["run_status"]) == (True, "runnable")


def test_signal_refusals(journal: Journal, journal_url: str) -> None:
    run_id = waiting_run(journal)
    refused(journal, journal_url, 1, "no such run: 'nope'", "nope", "approve")
    refused(
        journal,
        journal_url,
        2,
        "--resolution is not valid JSON",
        run_id,
        "approve",
        "--resolution",
        "{approved: yes}",
    )
    refused(journal, journal_url, 2, "is reserved", run_id, "effect:some/key")
    refused(journal, journal_url, 2, "gate_name must be a non-empty string", run_id, " ")

    assert tape_signal(journal_url, run_id, "approve", "--resolution", '"yes"').exit_code == 0
    refused(
        journal,
        journal_url,
        1,
        f"gate 'approve' of run {run_id} was already answered; nothing changed",
        run_id,
        "approve",
        "--resolution",
        '"no"',
    )

    over = new_run(journal)
    journal.end_run(run_id=over, status=RunStatus.TERMINAL)
    refused(journal, journal_url, 1, "is TERMINAL: nothing waits for a signal", over, "approve")


def test_signal_without_a_schema_says_to_migrate(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = tape_signal(url, "run", "approve")
    assert result.exit_code == 1
    assert "tape migrate" in result.stderr
