"""The event bus's journal API and matcher, on Postgres and SQLite (no Celery here).

Covers docs/event-bus.md (register defaults, upsert/undelete, bootstrap_from_head, claim /
complete / nack with upstream Tape's backoff and DLQ rule), the matcher ( exactly one task
per (reaction, row) even with two matchers at once, a late-committing row is never skipped,
debounce, AGENT reactions start one run per row), and bad input (named errors, nothing
written).
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest

from tape import EffectStatus, Journal, TaskStatus, errors
from tape.reactions import matcher
from tape.store import entries
from tests.support.runs import new_run

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def _values(j: Journal, ns: str, n: int, *, key: str = "") -> None:
    for i in range(n):
        j.write_value(namespace=ns, key=key or f"k{i}", value_json={"i": i})


def _task_rows(j: Journal, verb: str) -> list[Any]:
    return [e for e in j.read_journal(limit=10_000) if e.subject.startswith(f"/tape/task/{verb}/")]


def test_register_defaults_upsert_and_deregister(journal: Journal) -> None:
    r = journal.register_reaction(
        subject_pattern="/tape/value/changed/**", reaction_id="r1", max_concurrency=0
    )
    assert (r.max_concurrency, r.num_shards, r.dlq_after_n, r.retry_backoff_ms) == (1, 1, 5, 1000)
    assert r.cursors == {0: 0}
    again = journal.register_reaction(
        subject_pattern="/tape/value/changed/**", reaction_id="r1", max_concurrency=3
    )
    assert again.max_concurrency == 3 and again.created_at_ms == r.created_at_ms
    assert journal.deregister_reaction(reaction_id="r1") is True
    assert journal.deregister_reaction(reaction_id="r1") is False
    assert journal.list_reactions() == []
    back = journal.register_reaction(subject_pattern="/tape/value/changed/**", reaction_id="r1")
    assert not back.deleted
    minted = journal.register_reaction(subject_pattern="")
    assert len(minted.reaction_id) == 36
    with pytest.raises(errors.ReactionNotFound):
        journal.deregister_reaction(reaction_id="nope")


def test_bootstrap_from_head_sees_only_new_rows_and_default_replays(journal: Journal) -> None:
    _values(journal, "old", 3)
    journal.register_reaction(
        subject_pattern="/tape/value/**", reaction_id="head", bootstrap_from_head=True
    )
    journal.register_reaction(subject_pattern="/tape/value/**", reaction_id="replay")
    _values(journal, "new", 2)
    matcher.run_once(journal)
    head = {t.subject for t in journal.list_tasks(reaction_id="head")}
    replay = {t.subject for t in journal.list_tasks(reaction_id="replay")}
    assert head == {"/tape/value/changed/new/k0", "/tape/value/changed/new/k1"}
    assert replay == head | {f"/tape/value/changed/old/k{i}" for i in range(3)}
    # Bootstrapping counts only on creation: re-registering does not skip anything.
    journal.register_reaction(
        subject_pattern="/tape/value/**", reaction_id="replay", bootstrap_from_head=True
    )
    assert journal.get_reaction(reaction_id="replay").cursor > 0


def test_exactly_one_task_per_row_with_concurrent_matchers(pg_url: str) -> None:
    # Postgres: matchers really run at once there (SQLite serialises every writer).
    journal = Journal(pg_url)
    journal.register_reaction(
        subject_pattern="/tape/value/changed/**", reaction_id="r", num_shards=3
    )
    _values(journal, "ns", 120)
    opts = matcher.MatcherOptions(batch=16)
    threads = [threading.Thread(target=matcher.run_once, args=(journal, opts)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    matcher.run_once(journal)
    made = journal.list_tasks(reaction_id="r", limit=1000)
    per_row = Counter(t.source_global_seq for t in made)
    assert len(per_row) == 120 and set(per_row.values()) == {1}
    assert {t.shard for t in made} <= {0, 1, 2}
    assert len(_task_rows(journal, "created")) == 120
    journal.close()


def test_a_row_that_commits_late_is_not_skipped(pg_url: str) -> None:
    # Postgres only: SQLite serialises writers, so nobody can commit past an open writer.
    journal = Journal(pg_url)
    journal.register_reaction(subject_pattern="/tape/value/changed/**", reaction_id="r")
    db = journal.database
    holding, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with db.write() as conn:
            entries.append(db, conn, [entries.Entry("value", "/tape/value/changed/ns/late", {})])
            holding.set()
            release.wait(10)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert holding.wait(10)
    done = threading.Event()

    def other_writer() -> None:  # numbered after the open writer: it waits for its commit
        journal.write_value(namespace="ns", key="early", value_json=1)
        done.set()

    threading.Thread(target=other_writer).start()
    matcher.run_once(journal)
    assert journal.list_tasks(reaction_id="r") == []
    release.set()
    writer.join()
    assert done.wait(10)
    matcher.run_once(journal)
    subjects = {t.subject for t in journal.list_tasks(reaction_id="r")}
    assert subjects == {"/tape/value/changed/ns/late", "/tape/value/changed/ns/early"}
    journal.close()


def test_predicate_and_own_rows(sqlite_url: str) -> None:
    journal = Journal(sqlite_url)  # no backend-specific SQL here
    journal.register_reaction(
        subject_pattern="/tape/value/changed/**",
        reaction_id="big",
        predicate_cel="payload.version > 1",
    )
    journal.register_reaction(subject_pattern="/**", reaction_id="all")
    journal.write_value(namespace="ns", key="a", value_json=1)
    journal.write_value(namespace="ns", key="a", value_json=2)
    matcher.run_once(journal)
    matcher.run_once(journal)
    assert [t.payload["version"] for t in journal.list_tasks(reaction_id="big")] == [2]
    # A catch-all never matches the bus's own task rows (it would feed on itself).
    assert not [
        t for t in journal.list_tasks(reaction_id="all") if t.subject.startswith("/tape/task/")
    ]


def test_claim_complete_nack_backoff_dlq_and_retry(tj: Journal, clock: Any) -> None:
    tj.register_reaction(
        subject_pattern="/tape/value/changed/**",
        reaction_id="r",
        retry_backoff_ms=100,
        dlq_after_n=3,
    )
    _values(tj, "ns", 1)
    matcher.run_once(tj)
    delays = []
    for attempt in (1, 2, 3):
        (task,) = tj.claim_tasks(reaction_id="r", owner="w")
        assert task.attempts == attempt
        failed = tj.nack_task(task_id=task.task_id, owner="w", error=f"boom {attempt}")
        if attempt < 3:
            assert failed.status == TaskStatus.FAILED
            delays.append(failed.next_attempt_at_ms - clock.now)
            assert tj.claim_tasks(reaction_id="r", owner="w") == []  # still backing off
            clock.advance(delays[-1])
    assert delays == [100, 200]
    assert failed.status == TaskStatus.DLQ and failed.last_error == "boom 3"
    retry_rows = [e.payload for e in _task_rows(tj, "retry")]
    assert [(p["backoff_ms"], p["attempts"]) for p in retry_rows] == [(100, 1), (200, 2)]
    assert [e.payload["error"] for e in _task_rows(tj, "dlq")] == ["boom 3"]
    back = tj.retry_task(task_id=failed.task_id, operator="ops")
    assert back.status == TaskStatus.PENDING and back.attempts == 0
    (again,) = tj.claim_tasks(reaction_id="r", owner="w2")
    assert tj.complete_task(task_id=again.task_id, owner="w2").status == TaskStatus.DONE
    with pytest.raises(errors.TaskLeaseLost):
        tj.complete_task(task_id=again.task_id, owner="w2")
    with pytest.raises(errors.IllegalTransition):
        tj.retry_task(task_id=again.task_id, operator="ops")


def test_permanent_nack_and_lapsed_lease(tj: Journal, clock: Any) -> None:
    tj.register_reaction(subject_pattern="/tape/value/changed/**", reaction_id="r")
    _values(tj, "ns", 2)
    matcher.run_once(tj)
    first, second = tj.claim_tasks(
        reaction_id="r", owner="a", max=2, respect_limits=False, lease_ms=1000
    )
    assert (
        tj.nack_task(task_id=first.task_id, owner="a", error="bad", permanent=True).status
        == TaskStatus.DLQ
    )
    clock.advance(1001)  # a's claim on the second lapses: another claimer takes it over
    (taken,) = tj.claim_tasks(reaction_id="r", owner="b")
    assert taken.task_id == second.task_id and taken.attempts == 2
    with pytest.raises(errors.TaskLeaseLost) as lost:
        tj.complete_task(task_id=second.task_id, owner="a")
    assert lost.value.current.lease_owner == "b"


def test_max_concurrency_and_rate_limit_are_shared_claims(tj: Journal, clock: Any) -> None:
    tj.register_reaction(
        subject_pattern="/tape/value/changed/c/**", reaction_id="c", max_concurrency=2
    )
    tj.register_reaction(
        subject_pattern="/tape/value/changed/r/**",
        reaction_id="r",
        max_concurrency=5,
        rate_limit_per_s=4,
    )
    _values(tj, "c", 4)
    _values(tj, "r", 4)
    matcher.run_once(tj)
    assert len(tj.claim_tasks(reaction_id="c", owner="a", max=5)) == 2
    full = tj.claim_task_batch(reaction_id="c", owner="b", max=5)
    assert full.tasks == () and full.reason == "concurrency"
    assert len(tj.claim_tasks(reaction_id="r", owner="a", max=5)) == 1
    limited = tj.claim_task_batch(reaction_id="r", owner="b")
    assert limited.reason == "rate" and limited.wait_ms == 250
    clock.advance(250)
    assert len(tj.claim_tasks(reaction_id="r", owner="b")) == 1


def test_debounce_coalesces_a_burst_into_one_task(tj: Journal, clock: Any) -> None:
    tj.register_reaction(subject_pattern="/tape/value/changed/**", reaction_id="d", debounce_ms=500)
    for i in range(50):
        tj.write_value(namespace="ns", key="hot", value_json=i)
        if i % 10 == 9:
            matcher.run_once(tj)
    tj.write_value(namespace="ns", key="cold", value_json=0)
    matcher.run_once(tj)
    made = tj.list_tasks(reaction_id="d")
    hot = [t for t in made if t.subject.endswith("/hot")]
    assert len(hot) == 1 and hot[0].payload["version"] == 50
    assert tj.claim_tasks(reaction_id="d", owner="w") == []  # inside the window
    clock.advance(500)
    assert len(tj.claim_tasks(reaction_id="d", owner="w", max=5)) == 1


def test_agent_reaction_starts_one_run_per_row_with_two_matchers(pg_url: str) -> None:
    journal = Journal(pg_url)
    journal.register_reaction(
        subject_pattern="/tape/effect/confirmed/wire/**", reaction_id="ag", agent_app="ledger_agent"
    )
    run_id = new_run(journal)
    for i in range(10):
        effect = journal.begin_effect(run_id=run_id, decision_index=i, tool_name="wire")
        journal.complete_effect(
            run_id=run_id, idempotency_key=effect.idempotency_key, status=EffectStatus.CONFIRMED
        )
    barrier = threading.Barrier(2)

    def match() -> None:
        barrier.wait()
        matcher.run_once(journal)

    threads = [threading.Thread(target=match) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    matcher.run_once(journal)
    runs = journal.list_runs(limit=100)
    started = [r for r in runs if r.app_name == "ledger_agent"]
    assert len(started) == 10
    assert all(r.invocation_id.startswith("react-ag-") for r in started)
    assert len({r.invocation_id for r in started}) == 10
    assert started[0].input["event"]["subject"].startswith("/tape/effect/confirmed/wire/")
    journal.close()


BAD_REACTIONS: list[tuple[dict[str, Any], type[Exception]]] = [
    ({"subject_pattern": "/tape/**/x"}, errors.InvalidSubjectPattern),
    ({"subject_pattern": "tape/effect"}, errors.InvalidSubjectPattern),
    ({"subject_pattern": "/tape/effect/wi*"}, errors.InvalidSubjectPattern),
    ({"subject_pattern": "/tape/**", "predicate_cel": "payload.amount >"}, errors.InvalidPredicate),
    (
        {"subject_pattern": "/tape/**", "predicate_cel": "paylod.amount > 1"},
        errors.InvalidPredicate,
    ),
    (
        {"subject_pattern": "/tape/**", "agent_app": "a", "publish_target": "redis-stream:s"},
        errors.ReactionConfigError,
    ),
    (
        {"subject_pattern": "/tape/**", "publish_target": "https://u:hunter2@x.example/h"},
        errors.ReactionConfigError,
    ),
    ({"subject_pattern": "/tape/**", "max_concurrency": -1}, errors.ReactionConfigError),
]


def test_bad_reactions_are_refused_and_nothing_is_written(sqlite_url: str) -> None:
    journal = Journal(sqlite_url)  # no backend-specific SQL here
    before = journal.read_journal(limit=100)
    for kwargs, error in BAD_REACTIONS:
        with pytest.raises(error) as raised:
            journal.register_reaction(**kwargs)
        assert "hunter2" not in str(raised.value)
    assert journal.list_reactions(include_deleted=True) == []
    assert journal.read_journal(limit=100) == before


def test_unknown_ids_are_named_errors(sqlite_url: str) -> None:
    journal = Journal(sqlite_url)  # no backend-specific SQL here
    with pytest.raises(errors.TaskNotFound):
        journal.complete_task(task_id="nope", owner="w")
    with pytest.raises(errors.TaskNotFound):
        journal.nack_task(task_id="nope", owner="w", error="x")
    with pytest.raises(errors.TaskNotFound):
        journal.retry_task(task_id="nope", operator="ops")
    with pytest.raises(errors.ReactionNotFound):
        journal.claim_tasks(reaction_id="nope", owner="w")
    with pytest.raises(errors.InvalidSubjectPattern):
        journal.subscribe(subject_pattern="/a/**/b")
    with pytest.raises(errors.InvalidPredicate):
        journal.subscribe(predicate="kind ==")
    assert journal.read_journal(limit=10) == []
