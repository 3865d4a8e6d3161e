"""Hostile CEL predicates (issue 21, item 3): limits before the binding, a cost budget, pauses.

- Bombs (flat ``1 + 1 + ...``, deep nesting, the text that made the binding panic, and one
  within every limit that is slow) through ``tape.on``, ``register_reaction`` over a real
  ``tape server``, ``Journal.subscribe`` and ``tape tail``: a named error (one line from the
  CLI), nothing written, every process alive and answering.
- The matcher on Postgres and SQLite: a reaction whose predicate is slow on real rows is
  paused (journal row, ERROR line, cursor kept) and the other reactions keep matching; an
  operator resumes it; a new predicate lifts the pause; a bomb stored before the limits is
  paused, never compiled.
- The worst shapes the limits allow run on a 256 KiB thread stack without crashing.

``SLOW`` costs about 50 ms of CPU per evaluation on the test machine; the tests that must see
it refused or paused set the per-row budget to 2 ms (``TAPE_PREDICATE_BUDGET_MS``), so a
machine 20 times faster still does.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import update

import tape
from tape import Journal, errors
from tape.reactions import budget, declare, matcher
from tape.store import tables
from tests.support import celery_procs, tape_server
from tests.support.predicate_bombs import (
    DEEP,
    FAST,
    FLAT,
    FLAT_ARGV,
    PANIC,
    SLOW,
    SLOW_ON_BOMB_ROWS,
)

#: Bomb -> what its refusal names.
BOMBS = {
    "flat": (FLAT, "MAX_PREDICATE_CHARS"),
    "deep": (DEEP, "MAX_PREDICATE_DEPTH"),
    "panic": (PANIC, "MAX_PREDICATE_CHARS"),
    "slow": (SLOW, "TAPE_PREDICATE_BUDGET_MS"),
}
TIGHT = {"TAPE_PREDICATE_BUDGET_MS": "2"}
PATTERN = "/tape/value/changed/bus/**"


@pytest.fixture
def tight_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in TIGHT.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(params=["pg_url", "sqlite_url"])
def db_journal(request: pytest.FixtureRequest) -> Iterator[Journal]:
    journal = Journal(request.getfixturevalue(request.param))
    yield journal
    journal.close()


# -- every entry point refuses the bombs -------------------------------------------------------


def test_bombs_through_tape_on_are_named_errors_and_nothing_is_declared(
    tight_budget: None,
) -> None:
    before = declare.declared()
    for name, (source, limit) in BOMBS.items():
        with pytest.raises(errors.InvalidPredicate, match=limit):
            tape.on(PATTERN, predicate=source, name=f"bomb-{name}")
    assert declare.declared() == before


def test_register_reaction_bombs_over_a_tape_server_leave_it_serving(
    pg_url: str, tmp_path: Path
) -> None:
    server = tape_server.start_process(pg_url, tmp_path / "server.log", env=TIGHT)
    direct = Journal(pg_url)
    remote = Journal(server.url)
    try:
        rows_before = len(direct.read_journal(limit=10_000))
        for name, (source, limit) in BOMBS.items():
            with pytest.raises(errors.InvalidPredicate, match=limit):
                remote.register_reaction(
                    reaction_id=f"bomb-{name}", subject_pattern=PATTERN, predicate_cel=source
                )
        assert server.process.poll() is None, server.log.read_text()
        channel = grpc.insecure_channel(server.url.removeprefix("tape://"))
        health = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service="tape.v1.Tape"), timeout=5
        )
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        channel.close()
        assert remote.list_reactions() == []
        assert len(direct.read_journal(limit=10_000)) == rows_before
        fine = remote.register_reaction(
            reaction_id="fine", subject_pattern=PATTERN, predicate_cel=FAST
        )
        assert fine.predicate_cel == FAST
    finally:
        remote.close()
        direct.close()
        code = server.stop()
    assert code == 0, server.log.read_text()
    assert "Traceback" not in server.log.read_text()


def test_subscribe_refuses_bombs_before_reading(pg_url: str, tight_budget: None) -> None:
    journal = Journal(pg_url)
    journal.write_value(namespace="bus", key="k1", value_json=1)
    for source, limit in BOMBS.values():
        with pytest.raises(errors.InvalidPredicate, match=limit):
            journal.subscribe(predicate=source, idle_timeout_s=0.1)
    journal.close()


def test_tape_tail_refuses_bombs_in_one_line(pg_url: str) -> None:
    env = {**celery_procs.process_env({}), **TIGHT}
    tail = [sys.executable, "-m", "tape", "tail", "--database-url", pg_url, "--idle-exit", "1"]
    for source, limit in [
        (FLAT_ARGV, "MAX_PREDICATE_CHARS"),
        (DEEP, "MAX_PREDICATE_DEPTH"),
        (PANIC, "MAX_PREDICATE_CHARS"),
        (SLOW, "TAPE_PREDICATE_BUDGET_MS"),
    ]:
        out = subprocess.run(
            [*tail, "--predicate", source],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert out.returncode not in (0, -11, 139), out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1, out.stderr
        assert lines[0].startswith("tape: error: predicate refused:") and limit in lines[0]
        assert "Traceback" not in out.stdout + out.stderr


# -- the matcher: slow on real rows -> paused, the rest keeps matching ---------------------------


def _bus(journal: Journal, bombs: int, keys: range) -> None:
    for i in range(bombs):
        journal.write_value(namespace="bus", key="bomb", value_json=i)
    for i in keys:
        journal.write_value(namespace="bus", key=f"k{i}", value_json=i)


def _register(journal: Journal) -> None:
    journal.register_reaction(
        reaction_id="slow", subject_pattern=PATTERN, predicate_cel=SLOW_ON_BOMB_ROWS
    )
    journal.register_reaction(reaction_id="fast", subject_pattern=PATTERN, predicate_cel=FAST)


ROWS_BUDGET = matcher.MatcherOptions(
    predicate_budget=budget.Budget(row_ms=2, slow_rows=3, batch_ms=100_000)
)


def test_a_reaction_slow_on_real_rows_is_paused_and_the_others_keep_matching(
    db_journal: Journal, tight_budget: None, caplog: pytest.LogCaptureFixture
) -> None:
    journal = db_journal
    _register(journal)  # SLOW_ON_BOMB_ROWS is cheap on every sample: registered
    _bus(journal, bombs=3, keys=range(3))
    with caplog.at_level(logging.ERROR, logger="tape.reactions.matcher"):
        summary = matcher.run_once(journal, ROWS_BUDGET)
    assert summary["paused"] == 1
    slow = journal.get_reaction(reaction_id="slow")
    assert slow.paused and "per-row budget on 3 rows of one batch" in slow.paused_reason
    assert slow.cursor == 0 and journal.list_tasks(reaction_id="slow") == []
    assert len(journal.list_tasks(reaction_id="fast")) == 3
    [row] = journal.read_journal(subject_pattern="/tape/reaction/paused/slow")
    assert row.payload["slow_rows"] == 3 and row.payload["worst_ms"] > 2
    assert row.payload["reason"] == slow.paused_reason
    [line] = [r for r in caplog.records if getattr(r, "action", "") == "reaction-paused"]
    assert line.levelno == logging.ERROR and "tape reactions resume slow" in line.getMessage()

    _bus(journal, bombs=0, keys=range(3, 5))
    again = matcher.run_once(journal, ROWS_BUDGET)
    assert again["paused"] == 0
    assert len(journal.list_tasks(reaction_id="fast")) == 5
    still = journal.get_reaction(reaction_id="slow")
    assert still.paused and still.cursor == 0


def test_a_reaction_over_the_batch_budget_is_paused(db_journal: Journal) -> None:
    journal = db_journal
    _register(journal)
    _bus(journal, bombs=1, keys=range(2))
    options = matcher.MatcherOptions(
        predicate_budget=budget.Budget(row_ms=100_000, slow_rows=3, batch_ms=2)
    )
    assert matcher.run_once(journal, options)["paused"] == 1
    slow = journal.get_reaction(reaction_id="slow")
    assert "batch budget" in slow.paused_reason and slow.cursor == 0
    assert len(journal.list_tasks(reaction_id="fast")) == 2


def test_resume_and_a_new_predicate_lift_the_pause(db_journal: Journal, tight_budget: None) -> None:
    journal = db_journal
    _register(journal)
    _bus(journal, bombs=3, keys=range(2))
    matcher.run_once(journal, ROWS_BUDGET)
    assert journal.get_reaction(reaction_id="slow").paused

    resumed = journal.resume_reaction(reaction_id="slow", operator="ops", note="try again")
    assert not resumed.paused and resumed.paused_reason == ""
    [row] = journal.read_journal(subject_pattern="/tape/reaction/resumed/slow")
    assert row.payload == {"reaction_id": "slow", "operator": "ops", "note": "try again"}
    with pytest.raises(errors.IllegalTransition):
        journal.resume_reaction(reaction_id="slow", operator="ops")
    with pytest.raises(errors.ReactionNotFound):
        journal.resume_reaction(reaction_id="nope", operator="ops")
    assert matcher.run_once(journal, ROWS_BUDGET)["paused"] == 1  # the same rows, as slow

    # A worker restarting registers the same predicate: the pause stays for the operator.
    journal.register_reaction(
        reaction_id="slow", subject_pattern=PATTERN, predicate_cel=SLOW_ON_BOMB_ROWS
    )
    assert journal.get_reaction(reaction_id="slow").paused
    # A new predicate passed its budget at registration: the pause is over.
    journal.register_reaction(reaction_id="slow", subject_pattern=PATTERN, predicate_cel=FAST)
    assert not journal.get_reaction(reaction_id="slow").paused
    assert matcher.run_once(journal, ROWS_BUDGET)["paused"] == 0
    assert len(journal.list_tasks(reaction_id="slow")) == 2
    assert journal.get_reaction(reaction_id="slow").cursor > 0


def test_a_bomb_stored_before_the_limits_is_paused_never_compiled(db_journal: Journal) -> None:
    journal = db_journal
    _register(journal)
    # As an old journal holds it: written by SQL, past every check of today.
    with journal.database.write() as conn:
        conn.execute(
            update(tables.reactions)
            .where(tables.reactions.c.reaction_id == "slow")
            .values(predicate_cel=FLAT)
        )
    _bus(journal, bombs=0, keys=range(2))
    assert matcher.run_once(journal)["paused"] == 1
    slow = journal.get_reaction(reaction_id="slow")
    assert slow.paused and "MAX_PREDICATE_CHARS" in slow.paused_reason
    assert len(journal.list_tasks(reaction_id="fast")) == 2


# -- the limits keep the binding's native stack safe ---------------------------------------------

_WORST_SHAPES = textwrap.dedent(
    """
    import sys, threading
    import cel
    from tape.reactions import prescan

    ops, depth = prescan.MAX_PREDICATE_OPERATORS, prescan.MAX_PREDICATE_DEPTH
    deep_map, deep_list = 1, 1
    for _ in range(ops + 8):
        deep_map, deep_list = {"a": deep_map}, [deep_list]
    shapes = [
        "x" + " + x" * ops,
        "x" + " == x" * ops,
        "m" + ".a" * (ops - 1) + " == 1",
        "l" + "[0]" * (ops - 1) + " == 1",
        "has(m" + ".a" * (ops - 1) + ")",
        "- " * ops + "x",
        "t" + " && t" * ops,
        "(" * depth + "x" + " + x" * (ops - depth) + ")" * depth,
        "[" * depth + "x" + " + x" * (ops - depth) + "]" * depth,
        "{'a': " * depth + "1" + "}" * depth,
        "x" + "[x" * depth + "]" * depth,
        "[1].map(a, [1].map(b, a" + " + a" * (ops - 10) + "))",
    ]
    variables = {"x": 1, "t": True, "m": deep_map, "l": deep_list}
    done = []

    def run():
        for source in shapes:
            prescan.scan(source)  # within every limit
            program = cel.compile(source)
            try:
                program.execute(variables)
            except Exception:
                pass  # an evaluation error is fine; a crash is what is looked for
            del program
            done.append(source)

    threading.stack_size(256 * 1024)
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    print(f"{len(done)} of {len(shapes)} shapes ran")
    sys.exit(0 if len(done) == len(shapes) else 1)
    """
)


def test_the_worst_shapes_within_the_limits_run_on_a_256k_thread_stack() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _WORST_SHAPES],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(celery_procs.REPO_ROOT)},
        timeout=120,
    )
    assert out.returncode == 0, f"exit {out.returncode}: {out.stdout}{out.stderr}"
    assert "12 of 12 shapes ran" in out.stdout
