"""Issue 28, item 9 (and issue 23's "one triage read model"): what an operator decides with,
the same on every screen, against a real Postgres journal and a real ``tape ui`` server.

- One read model (:mod:`tape.journal.triage`): a stuck wire's row carries its amount, business
  key, last error and the reconciler's last observation; ``tape status``, ``tape doctor
  --live``, the dashboard and ``/metrics`` all show it (or count it) the same, with no secret.
- A request without an amount is shown as a short summary.
- A STUCK run is not shown as ended; times carry their zone (ISO-8601, ``Z``).
- The runs list shows each run's business key and a truncated, redacted input.
- ``?done=`` notices only from the server's own redirect.
- The resolve form: ``response`` / ``external_ref``, a confirmation step, bad JSON a 400 with
  nothing journaled.
- The run lease: 60 s by default, 5 s under ``tape dev``; ``--bank-fault`` on the fake bank.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal, RunStatus, connectors
from tape.cli import dev as dev_cli
from tape.cli import tape as tape_cli
from tape.config import DEFAULT_RUN_LEASE_MS, DEV_RUN_LEASE_MS, Settings
from tape.journal import triage
from tape.reactors import reconcile
from tape.testing.upstream import FakeUpstream
from tests.support import ui_server
from tests.support.runs import new_run

pytestmark = pytest.mark.postgres_only

SECRET_KEY = "sk-live-0123456789abcdef"
SECRET_TOKEN = "tok-9f8e7d6c5b4a3210"
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z")


class LookupDown:
    """A bank connector whose lookup answers 503 (a look that cannot tell), with a token in
    what it says."""

    can_observe = True

    def __init__(self, name: str) -> None:
        self.name = name

    def dispatch(self, effect: Any) -> connectors.DispatchResult:
        return connectors.DispatchResult("unknown")

    def observe(self, effect: Any) -> connectors.ObservationResult:
        return connectors.ObservationResult(
            "stuck",
            response={"reason": "lookup answered 503", "status_code": 503, "token": SECRET_TOKEN},
        )

    def compensate(self, obligation: Any) -> connectors.CompensationResult:
        return connectors.CompensationResult("compensated")


@pytest.fixture
def pg(pg_url: str) -> Iterator[Journal]:
    journal = Journal(pg_url)
    saved = connectors.snapshot()
    yield journal
    connectors.restore(saved)
    journal.close()


def stuck_wire(journal: Journal, request: Any = None, business_key: str = "ACME:INV-7") -> Any:
    """A wire whose answer was lost (the error quoting a credential) and whose lookup could not
    tell: UNKNOWN (stuck), its run STUCK."""
    connectors.register(LookupDown("bank.down"))
    run_id = new_run(journal, app_name="treasury")
    effect = journal.begin_effect(
        run_id=run_id,
        decision_index=0,
        tool_name="wire_money",
        request_json=request
        if request is not None
        else {"account": "ACME", "amount": 1250, "currency": "EUR", "api_key": SECRET_KEY},
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector="bank.down",
        business_key=business_key,
    )
    journal.record_dispatch_attempt(
        run_id=run_id,
        idempotency_key=effect.idempotency_key,
        error=json.dumps(
            {
                "type": "ConnectionError",
                "reason": "connection_reset",
                "message": f"reset by peer; Authorization: Bearer {SECRET_KEY}",
            }
        ),
        next_dispatch_at_ms=0,
    )
    reconcile.run_once(journal)
    assert journal.get_run(run_id=run_id).status == RunStatus.STUCK
    return journal.get_effect(run_id=run_id, idempotency_key=effect.idempotency_key)


def _cli(url: str, *args: str) -> Any:
    return CliRunner().invoke(tape_cli, [*args, "--database-url", url], terminal_width=400)


def _samples(text: str) -> dict[str, float]:
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if not sample.labels
    }


def test_every_screen_shows_amount_business_key_last_error_and_last_observation(
    pg: Journal, pg_url: str
) -> None:
    effect = stuck_wire(pg)
    key = effect.idempotency_key
    (row,) = triage.read(pg, categories=["effects_unknown"])["effects_unknown"]
    assert row["stuck"] is True
    assert row["amount"] == "1250 EUR"
    assert row["business_key"] == "ACME:INV-7"
    assert row["last_error"].startswith("connection_reset (ConnectionError): reset by peer")
    seen = row["last_observation"]
    assert seen["found"] == "stuck" and ISO.fullmatch(seen["at"]), seen
    assert seen["detail"].startswith("lookup answered 503 (HTTP 503)"), seen
    assert SECRET_KEY not in json.dumps(row) and SECRET_TOKEN not in json.dumps(row)

    status = _cli(pg_url, "status")
    doctor = _cli(pg_url, "doctor", "--live")
    assert status.exit_code == 0 and doctor.exit_code == 1, status.output + doctor.output
    for shown in (" ".join(out.split()) for out in (status.stdout, doctor.stdout)):
        assert "amount 1250 EUR" in shown and "business key ACME:INV-7" in shown, shown
        assert "last error: connection_reset (ConnectionError)" in shown, shown
        assert "last look: stuck at " in shown and "lookup answered 503" in shown, shown
        assert SECRET_KEY not in shown and SECRET_TOKEN not in shown
    (as_json,) = [
        e
        for e in json.loads(_cli(pg_url, "status", "--json").stdout)["effects_unsettled"]
        if e["idempotency_key"] == key
    ]
    doctor_json = json.loads(_cli(pg_url, "doctor", "--live", "--json").stdout)
    (doctor_row,) = doctor_json["rows"]["effects_unknown"]
    fields = ("amount", "business_key", "last_error", "last_observation", "request_summary")
    assert {f: as_json[f] for f in fields} == {f: row[f] for f in fields}
    assert {f: doctor_row[f] for f in fields} == {f: row[f] for f in fields}

    with ui_server.serving(pg) as base:
        page = requests.get(f"{base}/triage", timeout=10).text
        metrics = requests.get(f"{base}/metrics", timeout=10).text
    html_row = page.split(f'data-key="{key}"')[1].split("</tr>")[0]
    assert "1250 EUR" in html_row and "ACME:INV-7" in html_row, html_row
    assert "connection_reset (ConnectionError)" in html_row
    assert "lookup answered 503 (HTTP 503)" in html_row
    assert SECRET_KEY not in page and SECRET_TOKEN not in page
    counts = triage.counts(pg)
    values = _samples(metrics)
    assert values["tape_effects_stuck"] == counts["effects_stuck"] == 1
    assert values["tape_runs_stuck"] == counts["runs_stuck"] == 1
    assert values["tape_triage_attention"] == counts["needs_attention"] == 1


def test_a_request_without_an_amount_is_shown_as_a_short_summary(pg: Journal) -> None:
    stuck_wire(pg, request={"to": "bob@example.com", "body": "x" * 300}, business_key="")
    (row,) = triage.read(pg, categories=["effects_unknown"])["effects_unknown"]
    assert row["amount"] == ""
    assert row["request_summary"].startswith('{"body": "xxx')  # the request as journaled
    assert len(row["request_summary"]) == triage.SUMMARY_CHARS
    assert row["request_summary"].endswith("…")
    assert triage.amount({"wire": {"amount_cents": 995, "currency": "USD"}}) == (
        "995 USD (amount_cents)"
    )


def test_a_stuck_run_is_not_shown_as_ended_and_times_carry_their_zone(
    pg: Journal, pg_url: str
) -> None:
    effect = stuck_wire(pg)
    run_id = effect.run_id
    assert pg.get_run(run_id=run_id).ended_at_ms > 0  # stored, but it has not ended
    with ui_server.serving(pg) as base:
        runs = requests.get(f"{base}/", timeout=10).text
        run_page = requests.get(f"{base}/runs/{run_id}", timeout=10).text
    row = runs.split(f'href="/runs/{run_id}"')[1].split("</tr>")[0]
    assert '<td class="ended">-</td>' in row, row
    assert ISO.search(row), row
    assert "<dt>ended</dt><dd>-</dd>" in run_page
    assert ISO.search(run_page.split("<dt>started</dt>")[1])
    shown = _cli(pg_url, "inspect", run_id)
    assert "status=STUCK" in shown.stdout and "ended=-" in shown.stdout, shown.output
    status = _cli(pg_url, "status", "--json")
    (listed,) = [r for r in json.loads(status.stdout)["runs"] if r["run_id"] == run_id]
    assert listed["ended_at_ms"] == 0
    table = _cli(pg_url, "status").stdout
    assert re.search(run_id + r".*" + ISO.pattern, table), table


def test_the_runs_list_shows_business_key_and_a_redacted_truncated_input(pg: Journal) -> None:
    run_id = pg.begin_run(
        app_name="treasury",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w",
        input_json={"invoice": "INV-9", "api_token": "hunter2hunter2", "notes": "y" * 300},
    ).run_id
    pg.begin_effect(
        run_id=run_id,
        decision_index=0,
        tool_name="wire_money",
        request_json={"amount": 5},
        connector="bank.wire",
        business_key="ACME:INV-9",
    )
    with ui_server.serving(pg) as base:
        page = requests.get(f"{base}/", timeout=10).text
    row = page.split(f'href="/runs/{run_id}"')[1].split("</tr>")[0]
    assert "ACME:INV-9" in row, row
    shown = row.split('class="mono small input">')[1].split("</td>")[0]
    assert "INV-9" in shown and "***" in shown and "hunter2hunter2" not in page
    assert shown.endswith("…") and len(html.unescape(shown)) == triage.SUMMARY_CHARS


def test_done_notices_come_only_from_the_servers_own_redirect(pg: Journal) -> None:
    effect = stuck_wire(pg)
    token = uuid.uuid4().hex
    typed = "effect X is CONFIRMED (confirm, by mallory)"
    with ui_server.serving(pg, token=token) as base:
        session, csrf = ui_server.login(base, token)
        for query in (
            {"done": typed},
            {"done": typed, "at": "1", "sig": "0" * 64},
            {"done": typed, "at": "9999999999", "sig": "abc"},
        ):
            page = session.get(f"{base}/triage", params=query, timeout=10).text
            assert 'id="message"' not in page and typed not in page, query
        form = {
            "csrf": csrf,
            "kind": "effect",
            "run_id": effect.run_id,
            "key": effect.idempotency_key,
            "action": "fail",
            "confirm": "yes",
        }
        done = session.post(f"{base}/triage/resolve", data=form, timeout=10, allow_redirects=False)
        assert done.status_code == 303
        location = done.headers["location"]
        shown = session.get(base + location, timeout=10).text
        assert 'id="message"' in shown and "is FAILED (fail, by alice)" in shown
    # Another server process (another key) does not take this one's signed notice.
    with ui_server.serving(pg, token=token) as other:
        session, _ = ui_server.login(other, token)
        assert 'id="message"' not in session.get(other + location, timeout=10).text


def test_resolving_from_the_dashboard_asks_to_confirm_what_will_be_recorded(
    pg: Journal,
) -> None:
    effect = stuck_wire(pg)
    run_id, key = effect.run_id, effect.idempotency_key
    token = uuid.uuid4().hex
    rows_before = len(pg.read_journal(run_id=run_id, limit=1000))
    with ui_server.serving(pg, token=token) as base:
        session, csrf = ui_server.login(base, token)
        page = session.get(f"{base}/triage", timeout=10).text
        assert 'name="response"' in page and 'name="external_ref"' in page
        form = {
            "csrf": csrf,
            "kind": "effect",
            "run_id": run_id,
            "key": key,
            "action": "confirm",
            "note": "on the statement",
            "external_ref": "wire-77",
        }
        for bad in ({"response": "{booked"}, {"response": "[1,", "confirm": "yes"}):
            refused = session.post(f"{base}/triage/resolve", data={**form, **bad}, timeout=10)
            assert refused.status_code == 400, refused.text
            assert "response is not JSON" in refused.text and "nothing was recorded" in refused.text
        wrong_action = session.post(
            f"{base}/triage/resolve",
            data={**form, "action": "fail", "response": "{}"},
            timeout=10,
        )
        assert wrong_action.status_code == 400 and "go with confirm" in wrong_action.text
        response = {"external_ref": "wire-77", "status": "booked", "api_key": SECRET_KEY}
        asked = session.post(
            f"{base}/triage/resolve",
            data={**form, "response": json.dumps(response)},
            timeout=10,
        )
        assert asked.status_code == 200 and 'id="confirm-button"' in asked.text
        what = asked.text.split('id="confirm-what"')[1].split("</dl>")[0]
        for shown in ("1250 EUR", "ACME:INV-7", "wire-77", "&#34;booked&#34;", "alice"):
            assert shown in what, (shown, what)
        assert SECRET_KEY not in what  # shown redacted; recorded as given
        assert len(pg.read_journal(run_id=run_id, limit=1000)) == rows_before
        current = pg.get_effect(run_id=run_id, idempotency_key=key)
        assert current is not None and current.status == EffectStatus.UNKNOWN
        confirm = asked.text.split('id="confirm-form"')[1].split("</form>")[0]
        fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', confirm))
        assert fields["confirm"] == "yes" and fields["external_ref"] == "wire-77"
        fields = {k: html.unescape(v) for k, v in fields.items()}
        done = session.post(f"{base}/triage/resolve", data=fields, timeout=10)
        assert done.status_code == 200 and f"effect {key} is CONFIRMED" in done.text
    resolved = pg.get_effect(run_id=run_id, idempotency_key=key)
    assert resolved is not None and resolved.status == EffectStatus.CONFIRMED
    assert resolved.external_ref == "wire-77"
    assert resolved.response == response


def test_the_run_lease_is_60s_by_default_and_5s_under_tape_dev(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tape
    from tape import runtime

    assert Settings.from_env({}).run_lease_ms == DEFAULT_RUN_LEASE_MS == 60_000
    assert Settings.from_env({"TAPE_RUN_LEASE_MS": "5000"}).run_lease_ms == 5_000

    @tape.agent(name=f"lease-{uuid.uuid4().hex[:6]}")
    def unnamed(ctx: tape.RunContext) -> None:
        return None

    @tape.agent(name=f"lease-{uuid.uuid4().hex[:6]}", lease_ttl_ms=9_000)
    def named(ctx: tape.RunContext) -> None:
        return None

    monkeypatch.setattr(runtime, "settings", lambda: Settings(run_lease_ms=DEV_RUN_LEASE_MS))
    assert unnamed.lease_ttl_ms == 5_000 and named.lease_ttl_ms == 9_000
    assert dev_cli.run_lease_ms(None, {}) == (5_000, "tape dev's default")
    assert dev_cli.run_lease_ms(None, {"TAPE_RUN_LEASE_MS": "2000"})[0] == 2_000
    assert dev_cli.run_lease_ms(1.5, {"TAPE_RUN_LEASE_MS": "2000"}) == (1_500, "--run-lease")
    shown = CliRunner().invoke(tape_cli, ["dev", "--help"], terminal_width=200).output
    assert "--run-lease" in shown and "Default 5 under tape dev" in shown, shown
    assert "--bank-fault [lost-ack|timeout|lookup-down]" in shown, shown


def test_bank_faults_fail_the_fake_bank_as_named() -> None:
    with FakeUpstream() as bank:
        dev_cli.inject_fault(bank, "lookup-down")
        with pytest.raises(requests.ConnectionError):
            requests.post(f"{bank.url}/wires", json={"amount": 1}, timeout=5)
        assert bank.count() == 1  # booked, the answer lost
        lookup = requests.get(f"{bank.url}/wires/lookup", params={"key": "k"}, timeout=5)
        assert lookup.status_code == 503
    with FakeUpstream() as bank:
        dev_cli.inject_fault(bank, "lost-ack")
        with pytest.raises(requests.ConnectionError):
            requests.post(f"{bank.url}/wires", json={}, headers={"Idempotency-Key": "k"})
        assert requests.get(f"{bank.url}/wires/lookup", params={"key": "k"}).json()["count"] == 1
    with FakeUpstream() as bank:
        dev_cli.inject_fault(bank, "timeout")
        with pytest.raises(requests.Timeout):
            requests.post(f"{bank.url}/wires", json={}, timeout=0.5)
        assert bank.count() == 1
