"""A predicate that is slow on real rows, on a real ``celery -A tape worker`` (issue 21, test 3).

The worker imports ``tests.support.predicate_reactions``: ``slow_predicate`` (cheap on every
sample envelope, about 50 ms of CPU on each "bomb" row) and ``fast_rows``. Its commit listener
runs the matcher: the slow reaction is paused and reported (ERROR line, journal row,
``tape reactions``) while the fast one keeps being matched and handled; ``tape reactions
resume`` lifts the pause. ``TAPE_PREDICATE_BUDGET_MS=2`` keeps a 25-fold margin over the bomb.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tape import Journal, TaskStatus, errors
from tests.support import celery_procs
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


def _tape(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tape", *args, "--database-url", url],
        capture_output=True,
        text=True,
        env=celery_procs.process_env({}),
        timeout=60,
    )


def _paused(journal: Journal) -> Any:
    try:
        reaction = journal.get_reaction(reaction_id="slow_predicate")
    except errors.ReactionNotFound:  # the worker has not registered it yet
        return None
    return reaction if reaction.paused else None


def _done(journal: Journal, reaction_id: str) -> int:
    return journal.count_tasks(reaction_id=reaction_id).get(TaskStatus.DONE, 0)


def test_a_slow_predicate_is_paused_on_a_real_worker_and_the_bus_keeps_matching(
    pg_url: str, redis_url: str, tmp_path: Path
) -> None:
    journal = Journal(pg_url)
    # Written before the worker starts: its first matcher batch holds all three bomb rows.
    for i in range(3):
        journal.write_value(namespace="bus", key="bomb", value_json=i)
    for i in range(3):
        journal.write_value(namespace="bus", key=f"k{i}", value_json=i)
    handlers = tmp_path / "handlers"
    handlers.mkdir()
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.predicate_reactions",
        "TAPE_TEST_REACTION_LOG": str(handlers),
        "TAPE_PREDICATE_BUDGET_MS": "2",
        "TAPE_DISPATCH_HINTS": "0",
    }
    worker = celery_procs.worker(tmp_path, env, concurrency=2)
    with celery_procs.running([worker]):
        paused = wait_until(lambda: _paused(journal), timeout=60, message="the reaction paused")
        assert "per-row budget on 3 rows" in paused.paused_reason
        wait_until(lambda: _done(journal, "fast_rows") == 3, timeout=60, message="3 fast tasks")
        assert worker.alive()
        assert worker.count(r"ERROR.*reaction slow_predicate paused") == 1, worker.log()
        assert journal.list_tasks(reaction_id="slow_predicate") == []

        listing = _tape("reactions", "--json", url=pg_url)
        assert listing.returncode == 0, listing.stderr
        states = {r["reaction_id"]: r for r in json.loads(listing.stdout)}
        assert states["slow_predicate"]["paused"] is True
        assert states["slow_predicate"]["paused_reason"] == paused.paused_reason
        assert states["fast_rows"]["paused"] is False
        table = _tape("reactions", url=pg_url)
        assert table.returncode == 0 and "PAUSED" in table.stdout, table.stdout + table.stderr

        # The bus keeps matching while the slow reaction stays paused.
        for i in range(3, 6):
            journal.write_value(namespace="bus", key=f"k{i}", value_json=i)
        wait_until(lambda: _done(journal, "fast_rows") == 6, timeout=60, message="6 fast tasks")
        assert _paused(journal) is not None
        assert not (handlers / "slow_predicate.jsonl").exists()

        # An operator lifts the pause; the same bomb rows pause it again, and nothing dies.
        resumed = _tape("reactions", "resume", "slow_predicate", "--note", "retry", url=pg_url)
        assert resumed.returncode == 0, resumed.stderr
        assert "reaction slow_predicate resumed" in resumed.stdout
        [row] = journal.read_journal(subject_pattern="/tape/reaction/resumed/slow_predicate")
        assert row.payload["note"] == "retry"
        journal.write_value(namespace="bus", key="k6", value_json=6)  # wake the listener
        wait_until(
            lambda: len(journal.read_journal(subject_pattern="/tape/reaction/paused/**")) == 2,
            timeout=60,
            message="the reaction paused again",
        )
        wait_until(lambda: _done(journal, "fast_rows") == 7, timeout=60, message="7 fast tasks")
        assert worker.alive()
        handled = (handlers / "fast_rows.jsonl").read_text().splitlines()
        assert len(handled) == 7
    journal.close()
