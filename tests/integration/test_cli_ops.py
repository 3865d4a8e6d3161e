"""``tape status / doctor / inspect / redrive / cancel`` through CliRunner, on a SQLite journal
populated with the Journal API."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tape import cli, migrations
from tape.enums import EffectStatus, ObligationStatus, RunStatus
from tape.journal import Journal


@pytest.fixture(autouse=True)
def _no_tape_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("TAPE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def url(tmp_path: Path) -> str:
    database = f"sqlite:///{tmp_path / 'journal.db'}"
    migrations.upgrade(database)
    return database


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(
        cli.tape, list(args), env={"TAPE_DATABASE_URL": url}, catch_exceptions=False
    )


def begin(journal: Journal, invocation: str = "i1", ttl_ms: int = 60_000) -> tuple[str, int]:
    started = journal.begin_run(
        app_name="app",
        user_id="u",
        session_id="s",
        invocation_id=invocation,
        lease_owner="host:1",
        lease_ttl_ms=ttl_ms,
    )
    return started.run_id, started.lease_epoch


def pending_effect(journal: Journal, run_id: str, epoch: int) -> str:
    journal.record_decision(run_id=run_id, decision_index=0, model="m", lease_epoch=epoch)
    effect = journal.begin_effect(
        run_id=run_id, decision_index=0, tool_name="wire_money", request_json={"amount": 1}
    )
    return effect.idempotency_key


def test_status_lists_runs_and_json(url: str) -> None:
    with Journal(url) as journal:
        run_id, epoch = begin(journal)
        pending_effect(journal, run_id, epoch)

    table = run(url, "status")
    data = json.loads(run(url, "status", "--json").stdout)

    assert table.exit_code == 0
    assert run_id in table.stdout and "RUNNING" in table.stdout
    assert data["runs"][0]["run_id"] == run_id
    assert data["runs"][0]["decisions"] == 1 and data["runs"][0]["effects"] == 1
    assert data["effects_unsettled"][0]["status"] == "PENDING"


def test_doctor_live_exit_codes(url: str) -> None:
    # A clean journal, but no worker runs here: 1 (with a worker it is 0,
    # tests/integration/test_config_resolution.py).
    clean = run(url, "doctor", "--live")
    assert clean.exit_code == 1
    assert "✗ workers: no worker running" in clean.stdout

    with Journal(url) as journal:
        run_id, epoch = begin(journal)
        key = pending_effect(journal, run_id, epoch)
        journal.complete_effect(run_id=run_id, idempotency_key=key, status=EffectStatus.UNKNOWN)
    unknown = run(url, "doctor", "--live", "--json")
    assert unknown.exit_code == 1
    assert json.loads(unknown.stdout)["counts"]["effects_unknown"] == 1

    with Journal(url) as journal:
        obligation = journal.register_compensation(run_id=run_id, effect_key=key, kind="reverse")
        journal.resolve_obligation(
            run_id=run_id, obligation_seq=obligation.seq, status=ObligationStatus.STUCK
        )
    stuck = run(url, "doctor", "--live")
    assert stuck.exit_code == 2
    assert "obligations STUCK" in stuck.stdout


def test_doctor_live_counts_no_held_obligation(url: str) -> None:
    """An inverse owed only if its run is undone is not owed work until it is being undone."""
    with Journal(url) as journal:
        run_id, epoch = begin(journal)
        key = pending_effect(journal, run_id, epoch)
        journal.complete_effect(run_id=run_id, idempotency_key=key, status=EffectStatus.CONFIRMED)
        journal.register_compensation(run_id=run_id, effect_key=key, kind="reverse")
        journal.end_run(run_id=run_id, status=RunStatus.TERMINAL)
    quiet = run(url, "doctor", "--live", "--json")
    report = json.loads(quiet.stdout)
    assert quiet.exit_code == 1 and not report["workers"]["ok"]  # only: no worker runs here
    assert report["counts"]["obligations_pending_or_expired"] == 0
    shown = run(url, "inspect", run_id)
    assert "PENDING (held)" in shown.stdout

    with Journal(url) as journal:
        other, epoch = begin(journal, "i2")
        key = pending_effect(journal, other, epoch)
        journal.complete_effect(run_id=other, idempotency_key=key, status=EffectStatus.CONFIRMED)
        journal.register_compensation(run_id=other, effect_key=key, kind="reverse", due=True)
    owed = json.loads(run(url, "doctor", "--live", "--json").stdout)
    assert owed["counts"]["obligations_pending_or_expired"] == 1
    assert [o["run_id"] for o in owed["rows"]["obligations_pending_or_expired"]] == [other]


def test_doctor_environment_checks(url: str) -> None:
    # the filesystem broker folder does not exist yet
    failed = run(url, "doctor", "--broker-url", "filesystem://")
    assert failed.exit_code == 1
    assert "✓ database" in failed.stdout and "✗ broker" in failed.stdout

    Path(".tape/broker").mkdir(parents=True)
    no_worker = run(url, "doctor", "--broker-url", "filesystem://")
    assert no_worker.exit_code == 1, no_worker.stdout
    assert "✓ broker" in no_worker.stdout and "✗ workers: no worker running" in no_worker.stdout
    # passing with a worker alive: tests/integration/test_config_resolution.py


def test_doctor_reports_a_database_without_schema(tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path / 'empty.db'}", "doctor", "--json")

    assert result.exit_code == 1
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert not checks["database"]["ok"] and "tape migrate" in checks["database"]["detail"]


def test_inspect_raw_is_jsonl_in_seq_order(url: str) -> None:
    with Journal(url) as journal:
        run_id, epoch = begin(journal)
        pending_effect(journal, run_id, epoch)

    result = run(url, "inspect", run_id, "--raw")
    entries = [json.loads(line) for line in result.stdout.splitlines()]

    assert result.exit_code == 0
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)
    assert [e["kind"] for e in entries] == ["run", "decision", "effect"]
    assert all({"seq", "kind", "ts_ms", "payload"} <= set(e) for e in entries)


def test_inspect_and_dump_run_show_the_run(url: str) -> None:
    with Journal(url) as journal:
        run_id, epoch = begin(journal)
        pending_effect(journal, run_id, epoch)

    shown = run(url, "inspect", run_id)
    dump = json.loads(run(url, "doctor", "--dump-run", run_id, "--json").stdout)

    assert shown.exit_code == 0 and "wire_money" in shown.stdout
    assert dump["effects"][0]["status"] == "PENDING"
    assert dump["lease_history"][0]["lease_owner"] == "host:1"
    assert len(dump["decisions"]) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("inspect", "nope"),
        ("inspect", "nope", "--raw"),
        ("redrive", "nope"),
        ("cancel", "nope"),
        ("doctor", "--dump-run", "nope"),
    ],
)
def test_no_such_run(url: str, args: tuple[str, ...]) -> None:
    result = run(url, *args)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["tape: error: no such run: 'nope'"]


def test_redrive_stuck_and_expired_runs(url: str) -> None:
    with Journal(url) as journal:
        stuck_id, _ = begin(journal, "i1")
        journal.end_run(run_id=stuck_id, status=RunStatus.STUCK)
        live_id, _ = begin(journal, "i2")

    assert run(url, "redrive", stuck_id).exit_code == 0
    refused = run(url, "redrive", live_id)
    forced = run(url, "redrive", live_id, "--force")

    with Journal(url) as journal:
        assert journal.get_run(run_id=stuck_id).status == RunStatus.RUNNABLE
        assert journal.get_run(run_id=live_id).status == RunStatus.RUNNABLE
    assert refused.exit_code == 1 and "live lease" in refused.stderr
    assert forced.exit_code == 0


def test_redrive_refuses_a_terminal_run(url: str) -> None:
    with Journal(url) as journal:
        run_id, _ = begin(journal)
        journal.end_run(run_id=run_id, status=RunStatus.TERMINAL)

    result = run(url, "redrive", run_id)

    assert result.exit_code == 1
    assert "TERMINAL" in result.stderr and "never re-driven" in result.stderr


def test_cancel(url: str) -> None:
    with Journal(url) as journal:
        run_id, _ = begin(journal)
        done_id, _ = begin(journal, "i2")
        journal.end_run(run_id=done_id, status=RunStatus.TERMINAL)

    result = run(url, "cancel", run_id, "--reason", "test")
    again = run(url, "cancel", run_id)
    refused = run(url, "cancel", done_id)

    assert result.exit_code == 0 and "CANCELLED" in result.stdout
    assert again.exit_code == 0
    assert refused.exit_code == 1
    with Journal(url) as journal:
        assert journal.get_run(run_id=run_id).status == RunStatus.CANCELLED


def test_commands_say_when_there_is_no_schema(tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path / 'none.db'}", "status")

    assert result.exit_code == 1
    assert "tape migrate" in result.stderr


def test_doctor_checks_the_broker_tape_dev_uses_here(url: str, tmp_path: Path) -> None:
    result = run(url, "doctor", "--json")  # no TAPE_BROKER_URL, no --broker-url, no tape.yaml

    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    folder = tmp_path.resolve() / ".tape" / "broker"
    assert checks["broker"]["detail"] == f"filesystem folder {folder} missing (`tape dev` makes it)"
    assert checks["broker"]["source"] == "embedded default"
