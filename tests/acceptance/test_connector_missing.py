"""An outbox effect whose connector this process does not register: marked, never claimed.

One outbox pass in this process against Postgres (the same pass a worker runs; the full loop
on real ``celery -A tape worker`` + beat processes is ``test_connector_missing_celery.py``).
Issue 28 item 3: the mark is what ``tape status`` / ``tape doctor --live`` / the dashboard
read; it is not a claim (no attempt counted), so a process that registers the connector
sends the effect as before, and its confirmation clears the mark.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import requests

from tape import EffectStatus, Journal, unregistered
from tape import connectors as connector_registry
from tape.cli import triage
from tape.reactors import outbox
from tape.testing import FakeUpstream
from tests.support import ui_server
from tests.support.outbox_connectors import bank_connector
from tests.support.outbox_effects import current, new_run, outbox_effect, sent_with_key

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def registry() -> Iterator[None]:
    """In-process connector registrations, forgotten afterwards."""
    connector_registry.clear()
    yield
    connector_registry.clear()


@pytest.fixture
def loud_once() -> Iterator[None]:
    """Forget when the ERROR line about a connector was last printed in this process."""
    outbox._loud_at.clear()
    yield
    outbox._loud_at.clear()


def no_connector_rows(journal: Journal, run_id: str) -> list[str]:
    return [
        r.subject
        for r in journal.read_journal(run_id=run_id, kind="effect", limit=1000)
        if r.payload.get("transition") == "no-connector"
    ]


def test_an_effect_without_its_connector_is_marked_once_and_logged_not_claimed(
    pg_journal: Journal,
    registry: None,
    loud_once: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run_id = new_run(pg_journal)
    effect = outbox_effect(pg_journal, run_id, 0, connector="bank.wire")
    opts = outbox.OutboxOptions(claimer="worker-a")

    with caplog.at_level(logging.ERROR, logger="tape.reactors.outbox"):
        for _ in range(3):
            rows = outbox.run_once(pg_journal, opts)
            assert [r["result"] for r in rows] == ["skipped"]

    held = current(pg_journal, effect)
    assert held.status == EffectStatus.PENDING
    assert held.dispatch_attempts == 0 and held.dispatch_claimed_by == ""
    mark = unregistered.waiting(held)
    assert mark is not None
    assert mark["connector"] == "bank.wire" and mark["worker"] == "worker-a"
    # Three passes: one journal row and one ERROR line, not one per pass.
    assert no_connector_rows(pg_journal, run_id) == [
        f"/tape/effect/no-connector/bank.wire/{run_id}"
    ]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "'bank.wire'" in errors[0].getMessage()
    assert "TAPE_IMPORTS" in errors[0].getMessage()


def test_a_process_with_the_connector_sends_the_marked_effects_and_the_marks_clear(
    pg_journal: Journal, registry: None, loud_once: None, bank: FakeUpstream
) -> None:
    run_id = new_run(pg_journal)
    # Two: a pass confirms one effect alone and several in one statement; both clear marks.
    effects = [outbox_effect(pg_journal, run_id, i, connector="bank.wire") for i in range(2)]
    outbox.run_once(pg_journal, outbox.OutboxOptions(claimer="worker-a"))
    assert all(unregistered.waiting(current(pg_journal, e)) for e in effects)

    connector_registry.register(bank_connector(bank.url))
    rows = outbox.run_once(pg_journal, outbox.OutboxOptions(claimer="worker-b"))

    assert [r["result"] for r in rows] == ["confirmed", "confirmed"]
    for effect in effects:
        sent = current(pg_journal, effect)
        assert sent.status == EffectStatus.CONFIRMED
        assert sent.dispatch_attempts == 1  # the mark counted none
        assert sent.last_dispatch_error == ""
        assert len(sent_with_key(bank, effect.idempotency_key)) == 1

    third = outbox_effect(pg_journal, run_id, 2, connector="bank.wire")
    connector_registry.clear()
    outbox.run_once(pg_journal, outbox.OutboxOptions(claimer="worker-a"))
    connector_registry.register(bank_connector(bank.url))
    (alone,) = outbox.run_once(pg_journal, outbox.OutboxOptions(claimer="worker-b"))
    assert alone["result"] == "confirmed"
    assert current(pg_journal, third).last_dispatch_error == ""


def test_doctor_live_exits_3_once_the_wait_outlasts_the_threshold(
    pg_journal: Journal, registry: None, loud_once: None
) -> None:
    run_id = new_run(pg_journal)
    outbox_effect(pg_journal, run_id, 0, connector="bank.wire")
    outbox.run_once(pg_journal, outbox.OutboxOptions(claimer="worker-a"))

    patient = triage.triage(pg_journal, pending_threshold_ms=3_600_000)
    assert patient["counts"]["effects_waiting_on_connector"] == 1
    assert patient["exit_code"] == triage.EXIT_CLEAN
    late = triage.triage(pg_journal, pending_threshold_ms=0)
    assert late["exit_code"] == triage.EXIT_CONNECTOR_MISSING == 3
    (row,) = late["rows"]["effects_waiting_on_connector"]
    assert row["waiting_on_connector"]["connector"] == "bank.wire"


def test_the_dashboard_triage_lists_the_wait(
    pg_journal: Journal, registry: None, loud_once: None
) -> None:
    from tape.ui import views

    run_id = new_run(pg_journal)
    effect = outbox_effect(pg_journal, run_id, 0, connector="bank.wire")
    assert views.triage_page(pg_journal)["connector_waits"] == []
    outbox.run_once(pg_journal, outbox.OutboxOptions(claimer="worker-a"))

    (row,) = views.triage_page(pg_journal)["connector_waits"]
    assert row["key"] == effect.idempotency_key and row["connector"] == "bank.wire"
    assert row["waiting"] == "waiting: connector bank.wire not registered in any worker"
    with ui_server.serving(pg_journal) as base:
        page = requests.get(f"{base}/triage", timeout=10).text
    section = page.split('id="triage-connector-waits"')[1].split("</table>")[0]
    assert effect.idempotency_key in section
    assert "waiting: connector bank.wire not registered in any worker" in section
