"""The journal's horizon, shown to operators: a transaction in progress on the cluster holds
journal readers back, and ``tape doctor --live`` and the ``tape_journal_horizon_age_seconds``
metric say for how long and who holds it."""

from __future__ import annotations

import time

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from rich.console import Console
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tape import Journal
from tape.cli import triage
from tape.observability.metrics import JournalCollector
from tape.store import entries


def _horizon_metric(journal: Journal) -> float:
    registry = CollectorRegistry()
    registry.register(JournalCollector(journal))
    for family in text_string_to_metric_families(generate_latest(registry).decode()):
        if family.name == "tape_journal_horizon_age_seconds":
            return float(family.samples[0].value)
    raise AssertionError("no tape_journal_horizon_age_seconds")


@pytest.mark.postgres_only
def test_a_held_transaction_is_shown_with_its_age(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(entries, "HORIZON_WARN_S", 0.2)
    journal = Journal(pg_url)
    holder = create_engine(pg_url, poolclass=NullPool)  # a session of its own
    try:
        with holder.connect() as conn:
            conn.execute(text("SET application_name = 'held-by-test'"))
            conn.commit()
            trans = conn.begin()
            conn.execute(text("SELECT pg_current_xact_id()"))  # it now holds the horizon
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
            time.sleep(0.4)
            report = triage.triage(journal, 60_000)
            horizon = report["horizon"]
            # Other sessions on the cluster may hold it longer; this one holds it at least.
            assert horizon is not None and horizon["age_s"] >= 0.4 and horizon["warn"]
            assert _horizon_metric(journal) >= 0.4
            console = Console(width=200, record=True)
            console.print(triage.render_triage(report))
            shown = console.export_text()
            assert "journal horizon held by pid" in shown and "readers wait" in shown
            if horizon["pid"] == pid:
                assert "held-by-test" in shown
            trans.rollback()
    finally:
        holder.dispose()
        journal.close()


def test_sqlite_has_no_horizon(sqlite_url: str) -> None:
    journal = Journal(sqlite_url)
    try:
        assert entries.horizon_holder(journal.database) is None
        assert triage.triage(journal, 60_000)["horizon"] is None
        assert _horizon_metric(journal) == 0.0
    finally:
        journal.close()
