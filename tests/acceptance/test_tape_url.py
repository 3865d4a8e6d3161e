"""Everything that opens the journal works with ``TAPE_DATABASE_URL=tape://...``: the CLI, the
dashboard, ADK's session service and the event bus's passes, against a real ``tape server``
process over a Postgres journal (docs/server.md, "tape:// is the whole journal").
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

import tape
from tape import EffectStatus, Journal, RunStatus, TaskStatus
from tests.support import celery_procs, databases, tape_server, ui_server
from tests.support.redis_server import redis_server
from tests.support.runs import lost_ack_effect, new_run
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

TAPE = str(celery_procs.VENV_BIN / "tape")


@pytest.fixture(scope="module")
def server(
    pg_template: databases.PostgresTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tape_server.ServerProcess]:
    folder = tmp_path_factory.mktemp("tape-url")
    url = pg_template.clone()
    process = tape_server.start_process(url, folder / "server.log")
    yield process
    assert process.stop() == 0, process.log.read_text()
    pg_template.drop_clone(url)


@pytest.fixture
def journal(server: tape_server.ServerProcess) -> Iterator[Journal]:
    client = tape.connect(server.url)
    yield client
    client.close()


def cli(
    server: tape_server.ServerProcess, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """``tape ARGS`` in a process of its own whose only journal is ``TAPE_DATABASE_URL``."""
    return subprocess.run(
        [TAPE, *args],
        cwd=celery_procs.REPO_ROOT,
        env=celery_procs.process_env({"TAPE_DATABASE_URL": server.url, **env}),
        capture_output=True,
        text=True,
        timeout=120,
    )


def finished_run(journal: Journal, decisions: int = 2) -> str:
    run_id = new_run(journal)
    for i in range(decisions):
        journal.record_decision(
            run_id=run_id, decision_index=i, model="m", request_json={"i": i}, response_json={}
        )
    journal.end_run(run_id=run_id, status=RunStatus.TERMINAL, detail_json={"result": "ok"})
    return run_id


def test_the_cli_over_tape_url(server: tape_server.ServerProcess, journal: Journal) -> None:
    order = f"order-{uuid.uuid4().hex[:6]}"
    stuck_run = new_run(journal, app_name="shop")
    effect = lost_ack_effect(journal, stuck_run, business_key=order)
    assert effect.status == EffectStatus.UNKNOWN

    status = cli(server, "status")
    assert status.returncode == 0, status.stderr
    assert order in status.stdout and "UNKNOWN" in status.stdout

    doctor = cli(server, "doctor")  # no broker or worker here: it fails on those, not the journal
    assert "tape server reachable, its journal answers" in doctor.stdout, doctor.stdout
    assert "Traceback" not in doctor.stdout + doctor.stderr

    shown = cli(server, "inspect", stuck_run[:8])  # a prefix: the server resolves it
    assert shown.returncode == 0, shown.stderr
    assert stuck_run in shown.stdout and order in shown.stdout

    resolved = cli(
        server, "resolve", effect.idempotency_key, "--confirm", "--note", "bank says yes", "--json"
    )
    assert resolved.returncode == 0, resolved.stderr
    after = journal.get_effect(run_id=stuck_run, idempotency_key=effect.idempotency_key)
    assert after is not None and after.status == EffectStatus.CONFIRMED

    old = finished_run(journal)
    forked = cli(server, "fork", old, "--from-decision", "1", "--json", TAPE_OPERATOR="alice")
    assert forked.returncode == 0, forked.stderr
    (fork,) = journal.run_tree(run_id=old)["forks"]
    assert json.loads(forked.stdout)["fork_run_id"] == fork["run_id"]

    compacted = cli(server, "compact", "--before", "0s", "--json")
    assert compacted.returncode == 0, compacted.stderr
    assert old in json.dumps(json.loads(compacted.stdout))
    assert journal.get_run(run_id=old).compacted_at_ms > 0

    for args in (["reactions"], ["tasks", "list"], ["tasks", "dlq"]):
        listed = cli(server, *args)
        assert listed.returncode == 0, (args, listed.stderr)

    tail = cli(
        server,
        "tail",
        "--from-seq",
        "0",
        "--subject",
        "/tape/effect/**",
        "--raw",
        "--idle-exit",
        "1",
    )
    assert tail.returncode == 0, tail.stderr
    rows = [json.loads(line) for line in tail.stdout.splitlines()]
    assert any(row["run_id"] == stuck_run for row in rows)


def test_the_dashboard_over_tape_url(journal: Journal) -> None:
    order = f"order-{uuid.uuid4().hex[:6]}"
    run_id = new_run(journal, app_name="dash")
    lost_ack_effect(journal, run_id, business_key=order)
    with ui_server.serving(journal) as base:
        runs = requests.get(f"{base}/", timeout=30)
        assert runs.status_code == 200 and run_id[:12] in runs.text and "dash" in runs.text
        found = requests.get(f"{base}/", params={"q": order}, timeout=30)
        assert found.status_code == 200 and run_id[:12] in found.text
        assert order in found.text
        one = requests.get(f"{base}/runs/{run_id}", timeout=30)
        assert one.status_code == 200 and order in one.text
        triage = requests.get(f"{base}/triage", timeout=30)
        assert triage.status_code == 200 and run_id[:12] in triage.text
        metrics = requests.get(f"{base}/metrics", timeout=30)
        assert metrics.status_code == 200 and "tape_" in metrics.text


def test_adk_sessions_over_tape_url(journal: Journal) -> None:
    from google.adk.events.event import Event
    from google.adk.events.event_actions import EventActions

    from tape.adk import TapeSessionService

    service = TapeSessionService(journal)
    user = f"u-{uuid.uuid4().hex[:6]}"

    async def script() -> dict[str, Any]:
        made = await service.create_session(
            app_name="adk", user_id=user, session_id="s1", state={"topic": "t", "app:tier": 1}
        )
        await service.append_event(
            made,
            Event(
                id="e1",
                invocation_id="inv-1",
                author="user",
                actions=EventActions(state_delta={"user:lang": "en", "step": 1}),
            ),
        )
        got = await service.get_session(app_name="adk", user_id=user, session_id="s1")
        listed = await service.list_sessions(app_name="adk", user_id=user)
        await service.delete_session(app_name="adk", user_id=user, session_id="s1")
        gone = await service.get_session(app_name="adk", user_id=user, session_id="s1")
        assert got is not None
        return {
            "state": dict(got.state),
            "events": [e.id for e in got.events],
            "listed": [s.id for s in listed.sessions],
            "gone": gone,
        }

    assert asyncio.run(script()) == {
        "state": {"topic": "t", "step": 1, "app:tier": 1, "user:lang": "en"},
        "events": ["e1"],
        "listed": ["s1"],
        "gone": None,
    }


def bus_env(
    server: tape_server.ServerProcess, broker_url: str, logs: Path, **extra: str
) -> dict[str, str]:
    """A worker of tests.support.reaction_handlers whose journal is ``server``."""
    return {
        "TAPE_DATABASE_URL": server.url,
        "TAPE_BROKER_URL": broker_url,
        "TAPE_IMPORTS": "tests.support.reaction_handlers",
        "TAPE_TEST_REACTION_LOG": str(logs),
        "TAPE_DISPATCH_HINTS": "0",
        **extra,
    }


def registered(journal: Journal, name: str) -> Any:
    """The reaction ``name`` once the worker has registered it (at its start)."""
    return wait_until(
        lambda: next((r for r in journal.list_reactions() if r.name == name), None),
        timeout=30,
        message="the worker to register its reactions",
    )


def test_a_reaction_end_to_end_through_the_passes_over_tape_url(
    server: tape_server.ServerProcess, journal: Journal, tmp_path: Path
) -> None:
    """A worker whose journal is the server runs the handler; ``tape pass match --once`` made
    the task and sent it the work (the worker's own listener is off: the pass did it)."""
    logs = tmp_path / "handlers"
    logs.mkdir()
    with redis_server(tmp_path) as broker:
        env = bus_env(server, broker.url, logs, TAPE_REACTIONS_LISTEN="0")
        with celery_procs.celery_workers(tmp_path, env):
            serial = registered(journal, "serial")
            journal.write_value(namespace="serial", key="k", value_json={"n": 1})
            matched = cli(server, "pass", "match", "--once", **env)
            assert matched.returncode == 0, matched.stderr
            assert json.loads(matched.stdout)["match"]["tasks"] >= 1
            wait_until(
                lambda: journal.count_tasks(reaction_id=serial.reaction_id).get(TaskStatus.DONE),
                timeout=60,
                message="the worker to run the task",
            )
            lines = (logs / "serial.jsonl").read_text().splitlines()
            assert len(lines) == 1
            dispatched = cli(server, "pass", "reaction_dispatch", "--once", **env)
            assert dispatched.returncode == 0, dispatched.stderr
            assert json.loads(dispatched.stdout) == {
                "reaction_dispatch": {"dead_lettered": 0, "work_sent": 0}
            }


def test_a_workers_listener_matches_on_commits_over_tape_url(
    server: tape_server.ServerProcess, journal: Journal, tmp_path: Path
) -> None:
    """No pass is run and no beat ticks: the worker's listener (its ``commit_waker`` follows
    the server's ``WatchCommits`` stream) runs the matcher after the commit. That the stream
    wakes it at once is tests/integration/test_journal_reads_sessions_tasks.py's."""
    logs = tmp_path / "handlers"
    logs.mkdir()
    with redis_server(tmp_path) as broker:
        # TAPE_REACTIONS_POLL_MS: the listener's sleep when its waker does not push.
        env = bus_env(
            server, broker.url, logs, TAPE_REACTIONS_LISTEN="1", TAPE_REACTIONS_POLL_MS="60000"
        )
        with celery_procs.celery_workers(tmp_path, env):
            serial = registered(journal, "serial")
            before = journal.count_tasks(reaction_id=serial.reaction_id).get(TaskStatus.DONE, 0)
            journal.write_value(namespace="serial", key="listened", value_json={"n": 1})
            wait_until(
                lambda: (
                    journal.count_tasks(reaction_id=serial.reaction_id).get(TaskStatus.DONE, 0)
                    > before
                ),
                timeout=30,
                message="the listener to match the row and the worker to run its task",
            )
            (line,) = (logs / "serial.jsonl").read_text().splitlines()
            assert json.loads(line)["start"] > 0
