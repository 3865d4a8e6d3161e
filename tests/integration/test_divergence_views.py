"""Issue 27: a run STUCK on a divergence shows its diff where operators look (``tape status``,
``tape doctor --live``, ``tape inspect``, the dashboard's triage page), journaled text escaped
for each medium, and the dashboard resolves it behind its token and CSRF rules."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from click.testing import CliRunner

import tape
from tape import Journal, RunStatus, runtime
from tape.cli import tape as tape_cli
from tape.config import Settings
from tests.support import ui_server

#: Journaled text that rich would read as markup, and a browser as HTML.
V1_MEMO = "[red]v1[/red] <b>one</b>"
V2_MEMO = "[bold]v2[/bold] <i>two</i>"


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


@tape.effect()
def view_wire(amount: int, memo: str) -> dict[str, Any]:
    return {"wire_id": f"W-{amount}"}


def payer(amount: int, memo: str) -> tape.Agent[Any]:
    @tape.agent(name="view-payer")
    def pay(ctx: tape.RunContext) -> dict[str, Any]:
        receipt = view_wire(amount=amount, memo=memo)
        ctx.await_gate("next")
        return {"receipt": receipt}

    return pay


def diverged_run(tj: Journal) -> str:
    v1 = payer(10, V1_MEMO)
    run_id = tj.create_run(app_name=v1.name, invocation_id=tape.uuid()).run_id
    assert v1.drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")
    assert payer(20, V2_MEMO).drive(run_id, journal=tj).status == RunStatus.STUCK
    return run_id


def cli(journal_url: str, *args: str) -> Any:
    return CliRunner().invoke(tape_cli, [*args, "--database-url", journal_url])


def test_tape_status_shows_the_diff_escaped_and_the_resolve_command(
    tj: Journal, journal_url: str
) -> None:
    run_id = diverged_run(tj)
    shown = cli(journal_url, "status")
    assert shown.exit_code == 0, shown.output
    assert "STUCK on a divergence" in shown.output
    # the markup in the journaled memo prints as written, not as colour
    assert V1_MEMO in shown.output and V2_MEMO in shown.output
    assert f"tape resolve-divergence {run_id} --accept | --redecide | --abandon" in shown.output
    data = json.loads(cli(journal_url, "status", "--json").output)
    (diverged,) = data["runs_diverged"]
    assert diverged["run_id"] == run_id
    assert diverged["diff"] == [
        {"path": "amount", "recorded": 10, "asked": 20},
        {"path": "memo", "recorded": V1_MEMO, "asked": V2_MEMO},
    ]


def test_tape_doctor_live_counts_and_shows_the_divergence(tj: Journal, journal_url: str) -> None:
    run_id = diverged_run(tj)
    shown = cli(journal_url, "doctor", "--live")
    assert "runs STUCK on a divergence" in shown.output
    assert V1_MEMO in shown.output and V2_MEMO in shown.output
    assert f"tape resolve-divergence {run_id}" in shown.output
    report = json.loads(cli(journal_url, "doctor", "--live", "--json").output)
    assert report["counts"]["runs_diverged"] == 1
    assert (
        report["rows"]["runs_diverged"][0]["where"]
        == "tool call view_wire #0 (before any decision)"
    )


def test_tape_inspect_shows_where_the_run_diverged(tj: Journal, journal_url: str) -> None:
    run_id = diverged_run(tj)
    shown = cli(journal_url, "inspect", run_id)
    assert shown.exit_code == 0, shown.output
    assert "STUCK on a divergence: tool call view_wire #0" in shown.output
    assert V1_MEMO in shown.output and V2_MEMO in shown.output
    dump = json.loads(cli(journal_url, "inspect", run_id, "--json").output)
    assert dump["divergence"]["recorded"] == {"amount": 10, "memo": V1_MEMO}
    assert dump["divergence"]["asked"] == {"amount": 20, "memo": V2_MEMO}
    # a run that did not diverge has no divergence
    other = tj.create_run(app_name="x", invocation_id=tape.uuid()).run_id
    assert json.loads(cli(journal_url, "inspect", other, "--json").output)["divergence"] is None


def test_the_triage_page_shows_the_diff_html_escaped(tj: Journal) -> None:
    run_id = diverged_run(tj)
    with ui_server.serving(tj) as base:
        page = requests.get(f"{base}/triage", timeout=10).text
    section = page.split(f'id="divergence-{run_id}"')[1].split("</div>")[0]
    assert "tool call view_wire #0" in section
    assert "&lt;b&gt;one&lt;/b&gt;" in section and "&lt;i&gt;two&lt;/i&gt;" in section
    assert "<b>one</b>" not in page and "<i>two</i>" not in page
    assert '<option value="redecide">' in section


def test_the_dashboard_resolves_a_divergence_only_with_token_and_csrf(tj: Journal) -> None:
    run_id = diverged_run(tj)
    form = {"kind": "divergence", "run_id": run_id, "action": "accept", "note": "v1 was right"}
    with ui_server.serving(tj) as base:  # read-only
        refused = requests.post(f"{base}/triage/resolve", data=form, timeout=10)
    assert refused.status_code == 403 and "read-only" in refused.text
    token = uuid.uuid4().hex
    with ui_server.serving(tj, token=token) as base:
        session = requests.Session()
        login = session.post(
            f"{base}/login", data={"operator": "carol", "token": token}, allow_redirects=False
        )
        assert login.status_code == 303
        no_csrf = session.post(f"{base}/triage/resolve", data=form, timeout=10)
        assert no_csrf.status_code == 403 and "CSRF" in no_csrf.text
        assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
        bad = session.post(
            f"{base}/triage/resolve", data={**form, "action": "ignore"}, timeout=10
        )  # no csrf either: refused before the action is even read
        assert bad.status_code == 403
        csrf = session.get(f"{base}/triage", timeout=10).text.split('name="csrf" value="')[1]
        csrf = csrf.split('"')[0]
        unknown = session.post(
            f"{base}/triage/resolve", data={**form, "action": "ignore", "csrf": csrf}, timeout=10
        )
        assert unknown.status_code == 400 and "unknown divergence choice" in unknown.text
        assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
        # A person confirms first: the first POST shows what will be recorded, changes nothing.
        asked = session.post(f"{base}/triage/resolve", data={**form, "csrf": csrf}, timeout=10)
        assert asked.status_code == 200 and 'id="confirm-button"' in asked.text
        assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
        done = session.post(
            f"{base}/triage/resolve",
            data={**form, "csrf": csrf, "confirm": "yes"},
            timeout=10,
            allow_redirects=False,
        )
    assert done.status_code == 303, done.text
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
    (row,) = tj.read_journal(run_id=run_id, subject_pattern="/tape/run/divergence-accept/**")
    assert (row.payload["operator"], row.payload["note"]) == ("carol", "v1 was right")
    # and the run goes on from the recorded answer
    assert payer(20, V2_MEMO).drive(run_id, journal=tj).detail == {
        "result": {"receipt": {"wire_id": "W-10"}}
    }
