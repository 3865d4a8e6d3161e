"""``tape resolve`` through click's CliRunner: usage errors, refusals, and what it prints."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tape import DispatchMode, EffectSemantics, Journal, RunStatus, cli, migrations
from tape.cli.resolve import run_of


@pytest.fixture(autouse=True)
def _no_tape_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("TAPE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAPE_OPERATOR", "alice")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.tape, ["resolve", *args], catch_exceptions=False)


@pytest.mark.parametrize(
    "args",
    [
        ["run-1/decision-0/wire/0"],  # no action
        ["run-1/decision-0/wire/0", "--confirm", "--fail"],  # two actions
        ["--confirm"],  # no key
        ["custom-key", "--confirm"],  # a custom key needs --run
        ["--obligation", "run-1", "--compensated"],  # no :SEQ
        ["--obligation", "run-1:x", "--compensated"],
        ["--obligation", "run-1:3"],  # no action
        ["--obligation", "run-1:3", "--compensated", "--stuck"],
        ["--obligation", "run-1:3", "--compensated", "--confirm"],
        ["run-1/decision-0/wire/0", "--stuck"],  # an obligation action on an effect
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("tape: error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_run_of() -> None:
    assert run_of("r1/decision-3/wire/0") == "r1"
    assert run_of("r1/no-decision/wire/0") == "r1"
    assert run_of("custom-key") == ""
    assert run_of("a/b/c") == ""


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tape.db'}"
    migrations.upgrade(url)
    return url


def stuck(url: str, custom_key: str = "") -> tuple[str, str]:
    with Journal(url) as j:
        run_id = j.begin_run(
            app_name="a",
            user_id="u",
            session_id="s",
            invocation_id=uuid.uuid4().hex,
            lease_owner="w",
        ).run_id
        effect = j.begin_effect(
            run_id=run_id,
            decision_index=0,
            tool_name="wire",
            semantics=EffectSemantics.NON_IDEMPOTENT,
            dispatch_mode=DispatchMode.OUTBOX,
            connector="bank",
            custom_key=custom_key,
        )
        key = effect.idempotency_key
        j.record_dispatch_attempt(run_id=run_id, idempotency_key=key, next_dispatch_at_ms=0)
        j.record_external_observation(run_id=run_id, idempotency_key=key, resolution="stuck")
    return run_id, key


def test_confirm_then_refused(db: str) -> None:
    run_id, key = stuck(db)
    done = run(key, "--confirm", "--note", "on the statement", "--database-url", db)
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == (
        f"effect {key} is CONFIRMED (confirm, by alice); the agent gets an operator receipt; "
        f"run {run_id} is RUNNABLE"
    )
    again = run(key, "--fail", "--database-url", db)
    assert again.exit_code == 1
    assert "is CONFIRMED; only an UNKNOWN (stuck) effect can be resolved" in again.stderr
    with Journal(db) as j:
        assert j.get_run(run_id=run_id).status == RunStatus.RUNNABLE


def test_custom_key_with_run_and_json(db: str) -> None:
    run_id, key = stuck(db, custom_key="wire-2024-001")
    result = run(key, "--run", run_id, "--absent", "--json", "--database-url", db)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["status"] == "pending" and out["operator"] == "alice"
    assert out["run_status"] == "runnable"


def test_no_such_effect(db: str) -> None:
    result = run("r1/decision-0/wire/0", "--confirm", "--database-url", db)
    assert result.exit_code == 1
    assert "no such effect" in result.stderr


def test_obligation(db: str) -> None:
    run_id, key = stuck(db)
    with Journal(db) as j:
        owed = j.register_compensation(run_id=run_id, effect_key=key, kind="reverse")
        j.resolve_obligation(run_id=run_id, obligation_seq=owed.seq, status="stuck")
    result = run("--obligation", f"{run_id}:{owed.seq}", "--compensated", "--database-url", db)
    assert result.exit_code == 0, result.output
    assert "COMPENSATED" in result.stdout and "alice" in result.stdout
    assert f"run {run_id} is STUCK" in result.stdout  # its stuck effect still holds it
    missing = run("--obligation", f"{run_id}:999", "--stuck", "--database-url", db)
    assert missing.exit_code == 1


def test_resolving_the_last_stuck_obligation_releases_the_run(db: str) -> None:
    run_id, key = stuck(db)
    with Journal(db) as j:
        owed = j.register_compensation(run_id=run_id, effect_key=key, kind="reverse")
        j.resolve_obligation(run_id=run_id, obligation_seq=owed.seq, status="stuck")
    held = run(key, "--confirm", "--database-url", db)
    assert held.exit_code == 0, held.output
    assert held.stdout.strip().endswith(f"run {run_id} is STUCK")  # the obligation holds it
    result = run(
        "--obligation", f"{run_id}:{owed.seq}", "--compensated", "--json", "--database-url", db
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["status"], out["run_status"], out["operator"]) == (
        "compensated",
        "runnable",
        "alice",
    )
    with Journal(db) as j:
        assert j.get_run(run_id=run_id).status == RunStatus.RUNNABLE
