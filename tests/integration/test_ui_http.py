"""``tape ui`` over HTTP (issue 12, test 4 and the dashboard's rules), against a real server.

- ``/metrics`` after a known workload shows the exact counts: the journal's gauges, and the
  dispatch histograms of an outbox pass run in this process.
- Read-only without a token: resolving is refused with a clear message, the journal unchanged.
- With a token: a script resolves with ``Authorization: Bearer``; a browser session's form
  without the CSRF value, or from another origin, is refused.
- ``tape ui --host 0.0.0.0`` without ``TAPE_UI_TOKEN`` refuses to start.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal, RunStatus, connectors
from tape.cli import tape as tape_cli
from tape.reactors import outbox, reconcile
from tests.support import ui_server
from tests.support.runs import lost_ack_effect, new_run

pytestmark = pytest.mark.postgres_only


class Confirms:
    """A connector whose upstream books every call."""

    can_observe = False

    def __init__(self, name: str) -> None:
        self.name = name

    def dispatch(self, effect: Any) -> connectors.DispatchResult:
        return connectors.DispatchResult("confirmed", external_ref=f"ref-{effect.seq}")

    def observe(self, effect: Any) -> connectors.ObservationResult:
        return connectors.ObservationResult("unobservable")

    def compensate(self, obligation: Any) -> connectors.CompensationResult:
        return connectors.CompensationResult("compensated")


@pytest.fixture
def pg(pg_url: str) -> Iterator[Journal]:
    journal = Journal(pg_url)
    saved = connectors.snapshot()
    yield journal
    connectors.restore(saved)
    journal.close()


def _stuck_run(journal: Journal) -> tuple[str, str]:
    run_id = new_run(journal)
    effect = lost_ack_effect(journal, run_id, connector="bank.unobservable")
    reconcile.run_once(journal)
    return run_id, effect.idempotency_key


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_show_the_exact_counts_of_a_known_workload(pg: Journal) -> None:
    connector = f"metrics.bank-{uuid.uuid4().hex[:8]}"  # its own series in this process
    connectors.register(Confirms(connector))
    busy = new_run(pg)
    for index in range(2):
        pg.begin_effect(
            run_id=busy,
            decision_index=index,
            tool_name="pay",
            semantics=EffectSemantics.IDEMPOTENT,
            dispatch_mode=DispatchMode.OUTBOX,
            connector=connector,
        )
    inline = pg.begin_effect(run_id=busy, decision_index=2, tool_name="note")
    pg.register_compensation(run_id=busy, effect_key=inline.idempotency_key, kind="undo-note")
    pg.begin_effect(run_id=busy, decision_index=3, tool_name="draft")  # stays PENDING
    _stuck_run(pg)
    done = new_run(pg)
    pg.end_run(run_id=done, status=RunStatus.TERMINAL)
    dispatched = outbox.run_once(pg, outbox.OutboxOptions(connector=connector))
    assert [r["result"] for r in dispatched] == ["confirmed", "confirmed"], dispatched

    with ui_server.serving(pg) as base:
        reply = requests.get(f"{base}/metrics", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/plain")
    got = _samples(reply.text)

    def value(name: str, **labels: str) -> float:
        return got[(name, tuple(sorted(labels.items())))]

    assert value("tape_journal_up") == 1
    assert {s: value("tape_runs", status=s) for s in ("RUNNING", "STUCK", "TERMINAL")} == {
        "RUNNING": 1,
        "STUCK": 1,
        "TERMINAL": 1,
    }
    assert value("tape_runs", status="RUNNABLE") == 0
    assert value("tape_effects", status="CONFIRMED") == 2
    assert value("tape_effects", status="PENDING") == 2  # the inline "note" and "draft"
    assert value("tape_effects", status="UNKNOWN") == 1
    assert value("tape_effects_unknown") == 1
    assert value("tape_effects_stuck") == 1
    assert value("tape_runs_stuck") == 1
    assert value("tape_obligations", status="PENDING") == 1
    assert value("tape_obligations_unresolved") == 1
    assert value("tape_reactor_lag_seconds", reactor="outbox") == 0  # nothing left due
    assert value("tape_connector_call_seconds_count", connector=connector, outcome="confirmed") == 2
    assert value("tape_dispatch_latency_seconds_count", connector=connector) == 2
    assert (
        "tape_connector_call_seconds_count",
        (("connector", connector), ("outcome", "unknown")),
    ) not in got


def test_read_only_dashboard_refuses_to_resolve_and_changes_nothing(pg: Journal) -> None:
    run_id, key = _stuck_run(pg)
    with ui_server.serving(pg) as base:
        assert requests.get(f"{base}/healthz", timeout=10).json() == {"ok": True}
        page = requests.get(f"{base}/triage", timeout=10)
        assert key in page.text and "Read-only" in page.text
        reply = requests.post(
            f"{base}/triage/resolve",
            data={"kind": "effect", "run_id": run_id, "key": key, "action": "confirm"},
            headers={"Authorization": "Bearer anything"},
            timeout=10,
            allow_redirects=False,
        )
    assert reply.status_code == 403
    assert "Refused: this dashboard is read-only" in reply.text
    assert "Nothing was changed" in reply.text
    effect = pg.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.status == EffectStatus.UNKNOWN


def test_with_a_token_scripts_use_bearer_and_forms_need_csrf(pg: Journal) -> None:
    token = uuid.uuid4().hex
    run_id, key = _stuck_run(pg)
    form = {"kind": "effect", "run_id": run_id, "key": key, "action": "fail", "note": "n"}
    with ui_server.serving(pg, token=token) as base:
        wrong = requests.post(
            f"{base}/triage/resolve",
            data=form,
            headers={"Authorization": "Bearer wrong"},
            timeout=10,
        )
        assert wrong.status_code == 403 and "log in with the operator token" in wrong.text
        session = requests.Session()
        login = session.post(
            f"{base}/login", data={"operator": "bob", "token": token}, allow_redirects=False
        )
        assert login.status_code == 303
        no_csrf = session.post(f"{base}/triage/resolve", data=form, timeout=10)
        assert no_csrf.status_code == 403 and "CSRF" in no_csrf.text
        csrf = session.get(f"{base}/triage", timeout=10).text.split('name="csrf" value="')[1]
        foreign = session.post(
            f"{base}/triage/resolve",
            data={**form, "csrf": csrf.split('"')[0]},
            headers={"Origin": "https://evil.example"},
            timeout=10,
        )
        assert foreign.status_code == 403 and "CSRF" in foreign.text
        assert pg.get_effect(run_id=run_id, idempotency_key=key).status == EffectStatus.UNKNOWN  # type: ignore[union-attr]
        scripted = requests.post(
            f"{base}/triage/resolve",
            data={**form, "note": "given up by the on-call script"},
            headers={"Authorization": f"Bearer {token}", "X-Tape-Operator": "oncall-bot"},
            timeout=10,
        )
    assert scripted.status_code == 200, scripted.text
    assert scripted.json()["ok"] is True
    effect = pg.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.status == EffectStatus.FAILED
    (resolved,) = [
        e.payload
        for e in pg.read_journal(run_id=run_id, limit=100)
        if e.payload.get("transition") == "operator-resolved"
    ]
    assert resolved["operator"] == "oncall-bot"
    assert resolved["note"] == "given up by the on-call script"


def test_tape_ui_refuses_a_network_host_without_a_token(sqlite_url: str) -> None:
    result = CliRunner().invoke(
        tape_cli, ["ui", "--host", "0.0.0.0", "--database-url", sqlite_url], env={}
    )
    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0 without TAPE_UI_TOKEN" in result.output
