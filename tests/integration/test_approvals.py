"""Approvals bind to arguments (issue 27, step 4; issue test 5), on Postgres and SQLite: a
``human_gate`` tool call waits at a gate named after its request's digest, whose journal row
shows the exact request (``tape signal`` prints it, the dashboard's run page shows it); an
approval given for ``wire(10)`` does not release a re-driven ``wire(20)``: that call waits at a
new gate (fails closed)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from click.testing import CliRunner

import tape
from tape import Journal, RunStatus, digests, runtime
from tape.agents.outbox import approval_gate
from tape.cli import tape as tape_cli
from tape.config import Settings
from tests.support import ui_server


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


@tape.outbox_tool(connector="appr.bank", human_gate=True, wait_for_result=False)
def appr_wire(amount: int, to: str) -> dict[str, Any]:
    return {"amount": amount, "to": to}


def payer(amount: int) -> tape.Agent[Any]:
    """The agent ``appr-payer`` as deployed with ``amount`` in its code."""

    @tape.agent(name="appr-payer")
    def pay(ctx: tape.RunContext) -> Any:
        return appr_wire(amount=amount, to="ACME")

    return pay


def gate_for(amount: int) -> str:
    request = {"amount": amount, "to": "ACME"}
    return approval_gate("appr_wire", 0, digests.effect("appr_wire", json.dumps(request)))


def parked_run(tj: Journal) -> str:
    run_id = tj.create_run(app_name="appr-payer", invocation_id=tape.uuid()).run_id
    parked = payer(10).drive(run_id, journal=tj)
    assert (parked.status, parked.waiting_on_gate) == (RunStatus.WAITING, gate_for(10))
    return run_id


def test_the_gate_is_named_after_the_request_and_its_row_shows_it(tj: Journal) -> None:
    run_id = parked_run(tj)
    (waiting,) = [
        r.payload
        for r in tj.read_journal(run_id=run_id, kind="gate")
        if r.payload.get("transition") == "waiting"
    ]
    assert waiting["context"] == {
        "tool": "appr_wire",
        "request": {"amount": 10, "to": "ACME"},
        "request_digest": digests.effect("appr_wire", json.dumps({"amount": 10, "to": "ACME"})),
    }
    assert tj.list_effects(run_id=run_id) == []


def test_an_approval_for_wire_10_does_not_release_a_wire_of_20(tj: Journal) -> None:
    run_id = parked_run(tj)
    tj.send_signal(run_id=run_id, gate_name=gate_for(10), resolution_json={"ok": True})
    again = payer(20).drive(run_id, journal=tj)  # a deploy between approval and re-drive
    assert (again.status, again.waiting_on_gate) == (RunStatus.WAITING, gate_for(20))
    assert tj.list_effects(run_id=run_id) == []  # nothing was released
    # an approval of the new request releases it
    tj.send_signal(run_id=run_id, gate_name=gate_for(20), resolution_json={"ok": True})
    done = payer(20).drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL, done.detail
    (effect,) = tj.list_effects(run_id=run_id)
    assert effect.request == {"amount": 20, "to": "ACME"}


def test_tape_signal_prints_the_request_it_approves(tj: Journal, journal_url: str) -> None:
    run_id = parked_run(tj)
    shown = CliRunner().invoke(
        tape_cli, ["signal", run_id, gate_for(10), "--database-url", journal_url]
    )
    assert shown.exit_code == 0, shown.output
    assert 'approved: appr_wire {"amount": 10, "to": "ACME"}' in shown.output
    run_id = parked_run(tj)
    data = json.loads(
        CliRunner()
        .invoke(tape_cli, ["signal", run_id, gate_for(10), "--json", "--database-url", journal_url])
        .output
    )
    assert data["context"]["request"] == {"amount": 10, "to": "ACME"}


def test_the_dashboard_run_page_shows_the_request_awaiting_approval(tj: Journal) -> None:
    run_id = parked_run(tj)
    with ui_server.serving(tj) as base:
        page = requests.get(f"{base}/runs/{run_id}", timeout=10).text
    gates = page.split("<h2>Gates</h2>")[1].split("</table>")[0]
    assert gate_for(10) in gates
    assert "&#34;request&#34;: {" in gates and "&#34;amount&#34;: 10" in gates


def test_a_changed_request_after_an_approved_call_is_a_divergence_not_a_new_approval(
    tj: Journal,
) -> None:
    def deployed(amount: int) -> tape.Agent[Any]:
        @tape.agent(name="appr-then-wait")
        def pay(ctx: tape.RunContext) -> Any:
            receipt = appr_wire(amount=amount, to="ACME")
            ctx.await_gate("next")
            return receipt

        return pay

    run_id = tj.create_run(app_name="appr-then-wait", invocation_id=tape.uuid()).run_id
    assert deployed(10).drive(run_id, journal=tj).waiting_on_gate == gate_for(10)
    tj.send_signal(run_id=run_id, gate_name=gate_for(10), resolution_json={"ok": True})
    assert deployed(10).drive(run_id, journal=tj).waiting_on_gate == "next"
    (effect,) = tj.list_effects(run_id=run_id)  # approved, then journaled
    tj.send_signal(run_id=run_id, gate_name="next")
    stuck = deployed(20).drive(run_id, journal=tj)
    assert stuck.status == RunStatus.STUCK, stuck
    assert (stuck.detail["reason"], stuck.detail["idempotency_key"]) == (
        "divergence",
        effect.idempotency_key,
    )
    assert tj.list_effects(run_id=run_id) == [effect]
