"""One pass registry (tape/passes.py): beat, the Celery tasks, ``tape dev`` and ``tape pass``
list the same passes; ``tape pass NAME --once`` runs one here, through the journal, against a
database or a tape server; passes report a PassOutcome per row."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery
from click.testing import CliRunner

from tape import beat_schedule, connection, connectors, passes, transport
from tape.broker import celery_config
from tape.cli import tape as cli
from tape.config import Settings
from tape.connectors.log import LogConnector
from tape.enums import EffectStatus
from tape.pass_result import PassOutcome
from tape.reactors import outbox
from tests.support import runs, tape_server
from tests.support.outbox_effects import outbox_effect


@pytest.fixture
def served(sqlite_url: str) -> Iterator[tape_server.InProcessServer]:
    from tape import migrations

    migrations.upgrade(sqlite_url)
    server = tape_server.start_in_process(sqlite_url)
    yield server
    server.stop()


def test_beat_tasks_and_tape_dev_derive_from_the_registry() -> None:
    settings = Settings.from_env({"TAPE_COMPACT_AFTER": "7d"})
    names = {p.task for p in passes.ALL}

    assert set(beat_schedule.build(settings)) == names
    assert "tape.reactors.compact" not in beat_schedule.build(Settings.from_env({}))
    app = Celery("tape")
    app.conf.update(celery_config(settings))
    from tape import tasks

    tasks.register(app)
    assert names <= set(app.tasks)
    # The event bus's passes are among those tape dev says it started.
    labels = [p.label for p in passes.enabled(Settings.from_env({}))]
    assert {"matcher", "reaction dispatch"} <= set(labels)


def test_tape_pass_runs_the_outbox_pass_against_a_tape_server(
    served: tape_server.InProcessServer, tmp_path: Path
) -> None:
    journal = connection.connect(served.url)
    run_id = runs.new_run(journal)
    name = f"log-{uuid.uuid4().hex[:8]}"
    effect = outbox_effect(journal, run_id, 0, connector=name)
    saved = connectors.snapshot()
    try:
        connectors.register(LogConnector(path=str(tmp_path / "out.jsonl"), name=name))
        done = CliRunner().invoke(cli, ["pass", "outbox", "--once", "--database-url", served.url])
    finally:
        connectors.restore(saved)

    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"outbox": {"confirmed": 1}}
    after = journal.get_effect(run_id=run_id, idempotency_key=effect.idempotency_key)
    assert after is not None and after.status == EffectStatus.CONFIRMED
    journal.close()


def test_event_bus_passes_run_against_a_tape_server(served: tape_server.InProcessServer) -> None:
    served.journal.register_reaction(subject_pattern="/tape/value/changed/bus/**", reaction_id="r")
    served.journal.write_value(namespace="bus", key="k", value_json=1)
    sent = transport.InMemoryTransport()
    previous = transport.install(sent)
    try:
        done = CliRunner().invoke(cli, ["pass", "match", "--once", "--database-url", served.url])
    finally:
        transport.install(previous)

    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["match"]["tasks"] == 1
    assert sent.work == ["r"]  # the task's work hint went out
    assert [t.subject for t in served.journal.list_tasks(reaction_id="r")] == [
        "/tape/value/changed/bus/k"
    ]


def test_tape_pass_on_a_database_prints_one_summary_line(sqlite_url: str) -> None:
    from tape import migrations

    migrations.upgrade(sqlite_url)
    done = CliRunner().invoke(
        cli, ["pass", "reaction_dispatch", "--once", "--database-url", sqlite_url]
    )

    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"reaction_dispatch": {"dead_lettered": 0, "work_sent": 0}}


def test_pass_rows_carry_an_outcome_enum(sqlite_url: str, tmp_path: Path) -> None:
    from tape import migrations

    migrations.upgrade(sqlite_url)
    with connection.connect(sqlite_url) as journal:
        run_id = runs.new_run(journal)
        name = f"log-{uuid.uuid4().hex[:8]}"
        outbox_effect(journal, run_id, 0, connector=name)
        saved = connectors.snapshot()
        try:
            connectors.register(LogConnector(path=str(tmp_path / "out.jsonl"), name=name))
            [row] = outbox.run_once(journal, outbox.OutboxOptions(connector=name))
        finally:
            connectors.restore(saved)

    assert row["result"] is PassOutcome.CONFIRMED
    assert row["result"] == "confirmed" and json.dumps(row["result"]) == '"confirmed"'
    assert passes.count([row]) == {"confirmed": 1}


def test_the_matcher_over_a_tape_server_matches_each_row_once(
    served: tape_server.InProcessServer,
) -> None:
    """The matcher goes through the journal (journal.matching()); over tape:// each of its
    steps is an RPC (tape/rpc/matching.py): one task per matching row, however many passes."""
    from tape.reactions import matcher

    with connection.connect(served.url) as journal:
        journal.register_reaction(subject_pattern="/tape/value/changed/ns/**", reaction_id="r")
        for i in range(3):
            journal.write_value(namespace="ns", key=f"k{i}", value_json={"i": i})
        journal.write_value(namespace="other", key="k", value_json={})
        first = matcher.run_once(journal)
        again = matcher.run_once(journal)
        tasks = journal.list_tasks(reaction_id="r")
    assert first["tasks"] == 3 and again["tasks"] == 0
    assert sorted(t.subject for t in tasks) == [f"/tape/value/changed/ns/k{i}" for i in range(3)]
