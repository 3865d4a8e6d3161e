"""Issue 14's defects, each as a new user hit it, with agents driven in-process on the real
journal (Postgres and SQLite): an operator's confirm sets the tool's result, a reused effect is
journaled in both runs, ``.delay()`` checks its arguments, a module-level ScriptedModel is
scripted per run. (``.delay()`` with the broker down: tests/acceptance/test_delay_broker_down.)
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import tape
from tape import EffectStatus, Journal, RunStatus, cli, connectors, errors, runtime
from tape.config import Settings
from tape.connectors.log import LogConnector
from tape.reactors import outbox

LOG = "first-hour-log"
LOOKUP_DOWN = {"error": "lookup down", "reason": "inconclusive reply", "status_code": 500}


def _runtime_journal(url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    """Postgres and SQLite: for what the store's SQL does."""
    yield from _runtime_journal(journal_url)


@pytest.fixture
def sj(sqlite_url: str) -> Iterator[Journal]:
    """SQLite only: for what the layers above the store do (the same on both)."""
    yield from _runtime_journal(sqlite_url)


@pytest.fixture
def log_connector(tmp_path: Path) -> Iterator[LogConnector]:
    connector = LogConnector(path=str(tmp_path / "outbox.jsonl"), name=LOG)
    connectors.register(connector)
    yield connector
    connectors.clear()


@tape.outbox_tool(
    connector=LOG, semantics="non_idempotent", business_key=lambda invoice, **_: invoice
)
def pay(invoice: str, amount: int) -> dict[str, Any]:
    return {"invoice": invoice, "amount": amount}


@tape.agent(name="first-hour-payer")
def payer(ctx: tape.RunContext, invoice: str, amount: int) -> Any:
    return pay(invoice, amount=amount)


MODEL = tape.ScriptedModel([{"content": "first"}, {"content": "second"}], name="fh-model")


@tape.agent(name="first-hour-chatter")
def chatter(ctx: tape.RunContext, topic: str) -> list[str]:
    first = ctx.decide(MODEL, {"topic": topic, "turn": 0})["content"]
    ctx.await_gate("go on")  # the next attempt replays the first decision, then asks again
    return [first, ctx.decide(MODEL, {"topic": topic, "turn": 1})["content"]]


def _start(tj: Journal, agent: tape.Agent[Any], **inputs: Any) -> str:
    made = tj.create_run(app_name=agent.name, invocation_id=uuid.uuid4().hex, input_json=inputs)
    return made.run_id


def _stuck_wire(tj: Journal) -> tuple[str, str]:
    """A run parked on its wire, whose lookup came back as a 500 body: STUCK."""
    run_id = _start(tj, payer, invoice=f"INV-{uuid.uuid4().hex[:8]}", amount=7)
    parked = payer.drive(run_id, journal=tj)
    key = f"{run_id}/no-decision/pay/0"
    assert parked.waiting_on_gate == f"effect:{key}"
    tj.record_dispatch_attempt(run_id=run_id, idempotency_key=key, next_dispatch_at_ms=0)
    tj.record_external_observation(
        run_id=run_id, idempotency_key=key, resolution="stuck", response_json=LOOKUP_DOWN
    )
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    return run_id, key


def _resolve(url: str, *args: str) -> Any:
    result = CliRunner().invoke(
        cli.tape,
        ["resolve", *args, "--json", "--database-url", url],
        env={"TAPE_OPERATOR": "alice"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_confirm_gives_the_agent_an_operator_receipt_not_the_lookup_error(
    tj: Journal, journal_url: str
) -> None:
    run_id, key = _stuck_wire(tj)

    out = _resolve(journal_url, key, "--confirm", "--note", "on the statement")

    receipt = {
        "status": "confirmed_by_operator",
        "operator": "alice",
        "note": "on the statement",
        "external_ref": "",
    }
    assert out["response"] == receipt and out["run_status"] == "runnable"
    done = payer.drive(run_id, journal=tj)
    assert (done.status, done.detail) == (RunStatus.TERMINAL, {"result": receipt})
    # The stuck look's body is not lost: it stays in the journal, as what the look saw.
    rows = tj.read_journal(run_id=run_id)
    assert any(e.payload.get("replaced_response") == LOOKUP_DOWN for e in rows)


def test_confirm_with_response_and_external_ref(sj: Journal, sqlite_url: str) -> None:
    run_id, key = _stuck_wire(sj)
    books = {"wire_id": "W-981", "amount": 7}

    out = _resolve(
        sqlite_url, key, "--confirm", "--response", json.dumps(books), "--external-ref", "W-981"
    )

    assert (out["response"], out["external_ref"]) == (books, "W-981")
    effect = sj.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and (effect.status, effect.external_ref) == (
        EffectStatus.CONFIRMED,
        "W-981",
    )
    assert payer.drive(run_id, journal=sj).detail == {"result": books}


def test_response_is_refused_with_absent_and_bad_json(sj: Journal, sqlite_url: str) -> None:
    run_id, key = _stuck_wire(sj)
    for args in (["--absent", "--response", "{}"], ["--confirm", "--response", "{nope"]):
        result = CliRunner().invoke(cli.tape, ["resolve", key, *args, "--database-url", sqlite_url])
        assert result.exit_code == 2, result.output
    effect = sj.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.status == EffectStatus.UNKNOWN  # journal unchanged


def test_a_reused_effect_is_journaled_in_both_runs_and_inspect_shows_it(
    tj: Journal, journal_url: str, log_connector: LogConnector
) -> None:
    invoice = f"INV-{uuid.uuid4().hex[:8]}"
    first = _start(tj, payer, invoice=invoice, amount=5)
    payer.drive(first, journal=tj)
    outbox.run_once(tj, outbox.OutboxOptions(connector=LOG))
    assert payer.drive(first, journal=tj).status == RunStatus.TERMINAL
    first_key = f"{first}/no-decision/pay/0"

    second = _start(tj, payer, invoice=invoice, amount=5)
    assert payer.drive(second, journal=tj).status == RunStatus.TERMINAL  # it got the receipt
    assert tj.list_effects(run_id=second) == []  # no effect of its own: the first run's
    third = tj.begin_run(
        app_name="replayer",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w",
    )
    for _ in range(2):  # a replay begins the same call again: journaled once
        tj.begin_effect(
            run_id=third.run_id,
            decision_index=-1,
            tool_name="pay",
            request_json={"invoice": invoice, "amount": 5},  # the same call (tape.digests)
            connector=LOG,
            business_key=invoice,
            lease_epoch=third.lease_epoch,
        )

    def reuse_rows(run_id: str) -> list[dict[str, Any]]:
        rows = tj.read_journal(run_id=run_id, limit=1000)
        return [e.payload for e in rows if e.subject.startswith("/tape/effect/reused")]

    assert [
        (r["transition"], r["reused_from_run"], r["reused_effect_key"]) for r in reuse_rows(second)
    ] == [("reused", first, first_key)]
    assert [r["reused_from_run"] for r in reuse_rows(third.run_id)] == [first]
    assert [(r["transition"], r["reused_by_run"]) for r in reuse_rows(first)] == [
        ("reused-by", second),
        ("reused-by", third.run_id),
    ]
    assert len(Path(log_connector.path).read_text().splitlines()) == 1  # one call made

    shown = CliRunner().invoke(
        cli.tape, ["inspect", second, "--database-url", journal_url], terminal_width=250
    )
    assert shown.exit_code == 0, shown.output
    assert "Reused effects" in shown.stdout and first in shown.stdout
    assert f'input:  {{"amount": 5, "invoice": "{invoice}"}}' in shown.stdout
    assert "result: " in shown.stdout


def test_a_misspelt_argument_is_refused_at_delay_and_nothing_is_journaled(
    sj: Journal,
) -> None:
    before = len(sj.list_runs(limit=1000))
    with pytest.raises(errors.AgentArgumentsError, match="reqest"):
        payer.delay(reqest="typo", amount=1)
    with pytest.raises(errors.AgentArgumentsError, match="amount"):
        payer.delay(invoice="INV-1")  # a missing one too
    assert len(sj.list_runs(limit=1000)) == before


def test_two_runs_sharing_a_module_level_scripted_model_each_start_at_its_first_answer(
    sj: Journal,
) -> None:
    runs = [_start(sj, chatter, topic=topic) for topic in ("a", "b")]
    for run_id in runs:
        assert chatter.drive(run_id, journal=sj).status == RunStatus.WAITING
    for run_id in runs:  # re-driven (a new attempt, as in another process): replay, then ask
        sj.send_signal(run_id=run_id, gate_name="go on")
        done = chatter.drive(run_id, journal=sj)
        assert done.detail == {"result": ["first", "second"]}


def test_status_and_doctor_name_the_stuck_run_its_effect_and_the_resolve_command(
    sj: Journal, sqlite_url: str
) -> None:
    run_id, key = _stuck_wire(sj)
    command = f"tape resolve {key} --confirm | --absent | --fail | --compensate"

    for args in (["status"], ["doctor", "--live"]):
        shown = CliRunner().invoke(
            cli.tape, [*args, "--database-url", sqlite_url], terminal_width=250
        )
        assert shown.exit_code in (0, 1), shown.output  # doctor --live: 1, an UNKNOWN effect
        lines = shown.stdout.splitlines()
        assert any(run_id in line for line in lines)  # in full, never cut
        assert any(key in line and "UNKNOWN (stuck)" in line for line in lines), shown.stdout
        assert "1 run STUCK, 1 stuck effect(s): settle each with" in lines, shown.stdout
        assert f"  {command}" in lines, shown.stdout
    data = CliRunner().invoke(cli.tape, ["status", "--json", "--database-url", sqlite_url])
    report = json.loads(data.stdout)
    assert report["runs_stuck"] == 1
    assert [e["resolve"] for e in report["effects_unsettled"] if e["stuck"]] == [command]
