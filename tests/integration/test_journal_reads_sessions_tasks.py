"""The journal's browse and count reads, ADK's session calls, the task calls of the event bus's
workers and operators, and live reading, on Postgres, SQLite and through a ``tape server``
(each of these methods is an RPC of its own over ``tape://``: docs/server.md)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tape import EffectStatus, Journal, ObligationStatus, RunStatus, TaskStatus, errors
from tape.enums import DispatchMode
from tape.reactions import matcher
from tests.support.runs import new_run
from tests.support.waiting import wait_until

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def test_browse_and_count_reads(tj: Journal) -> None:
    first = new_run(tj, app_name="alpha")
    second = new_run(tj, app_name="beta")
    effect = tj.begin_effect(
        run_id=second,
        decision_index=0,
        tool_name="ship",
        dispatch_mode=DispatchMode.OUTBOX,
        connector="post",
        business_key="order-1",
    )

    assert tj.list_app_names() == ["alpha", "beta"]
    runs = tj.count_runs_by_status()
    assert runs[RunStatus.RUNNING] == 2 and sum(runs.values()) == 2
    assert all(isinstance(status, RunStatus) for status in runs)
    effects = tj.count_effects_by_status()
    assert effects[EffectStatus.PENDING] == 1 and sum(effects.values()) == 1
    obligations = tj.count_obligations_by_status()
    assert all(isinstance(s, ObligationStatus) for s in obligations)
    assert sum(obligations.values()) == 0
    assert tj.count_stuck_effects() == 0

    assert [r.run_id for r in tj.search_runs(app_name="alpha")] == [first]
    assert [r.run_id for r in tj.search_runs(query="order-1")] == [second]
    assert {r.run_id for r in tj.search_runs(statuses=[RunStatus.RUNNING])} == {first, second}
    assert tj.search_runs(statuses=["TERMINAL"]) == []
    assert tj.resolve_run_id(first[:8]) == first
    with pytest.raises(errors.RunNotFound):
        tj.resolve_run_id("zzzz-no-such-run")

    assert tj.list_business_keys(run_ids=[first, second]) == {second: ["order-1"]}
    due = tj.oldest_due_ms()
    assert set(due) == {"outbox", "timers", "compensation"}
    assert due["outbox"] == effect.next_dispatch_at_ms
    assert due["timers"] == due["compensation"] == 0


def test_mark_connector_missing_marks_a_due_outbox_effect_once(journal: Journal) -> None:
    run_id = new_run(journal)
    begun = journal.begin_effect(
        run_id=run_id,
        decision_index=0,
        tool_name="ship",
        dispatch_mode=DispatchMode.OUTBOX,
        connector="post",
    )
    key = begun.idempotency_key
    marked = journal.mark_connector_missing(
        run_id=run_id, idempotency_key=key, connector="post", worker="w-1"
    )
    assert marked is not None and marked.idempotency_key == key
    assert marked.status == EffectStatus.PENDING and marked.dispatch_attempts == 0
    again = journal.mark_connector_missing(
        run_id=run_id, idempotency_key=key, connector="post", worker="w-1"
    )
    assert again is None


def test_adk_session_calls(journal: Journal) -> None:
    app, user = "app", f"u-{uuid.uuid4().hex[:6]}"
    made = journal.insert_session(app_name=app, user_id=user, session_id="s1", state_json={"k": 1})
    assert made is not None and made.session_id == "s1" and made.state == {"k": 1}
    assert journal.insert_session(app_name=app, user_id=user, session_id="s1") is None

    appended = journal.append_scoped_event(
        app_name=app,
        user_id=user,
        session_id="s1",
        event={"id": "e1", "invocation_id": "inv-1", "author": "user", "text": "hi"},
        state_delta_json={"x": 1},
        app_delta={"theme": "dark"},
        user_delta={"lang": "en"},
    )
    assert (appended.event.event_id, appended.event.ord) == ("e1", 1)
    assert journal.get_scoped_state(app_name=app, user_id=user) == (
        {"theme": "dark"},
        {"lang": "en"},
    )
    journal.write_scoped_state(
        app_name=app, user_id=user, app_delta={"theme": None}, user_delta={"tz": "UTC"}
    )
    assert journal.get_scoped_state(app_name=app, user_id=user) == (
        {},
        {"lang": "en", "tz": "UTC"},
    )
    journal.append_event(
        app_name=app, user_id=user, session_id="s1", event={"id": "e2", "invocation_id": "inv-2"}
    )
    assert (
        journal.delete_invocation_events(
            app_name=app, user_id=user, session_id="s1", invocation_id="inv-1"
        )
        == 1
    )
    got = journal.get_session(app_name=app, user_id=user, session_id="s1")
    assert got is not None and [e.event_id for e in got.events] == ["e2"]
    assert got.state == {"k": 1, "x": 1}

    before = journal.read_journal(limit=10_000)
    with pytest.raises(errors.SessionNotFound):
        journal.append_scoped_event(
            app_name=app, user_id=user, session_id="nope", event={"x": 1}, app_delta={"a": 1}
        )
    with pytest.raises(errors.InvalidPayload):
        journal.write_scoped_state(app_name=app, user_id=user, app_delta=[1, 2])
    assert journal.read_journal(limit=10_000) == before
    assert journal.get_scoped_state(app_name=app, user_id=user)[0] == {}


def _values(j: Journal, ns: str, n: int) -> None:
    for i in range(n):
        j.write_value(namespace=ns, key=f"k{i}", value_json={"i": i})


def test_task_calls_of_workers_and_operators(tj: Journal, clock: Any) -> None:
    tj.register_reaction(subject_pattern="/tape/value/changed/ns/**", reaction_id="r")
    _values(tj, "ns", 2)
    matcher.run_once(tj)
    assert tj.due_task_counts() == {"r": 2}

    claim = tj.claim_task_batch(reaction_id="r", owner="a", max=1)
    (task,) = claim.tasks
    assert task.status == TaskStatus.CLAIMED and task.lease_owner == "a"
    assert tj.heartbeat_tasks(task_ids=[task.task_id, "nope"], owner="a", lease_ms=5000) == {
        task.task_id
    }
    assert tj.heartbeat_tasks(task_ids=[task.task_id], owner="b", lease_ms=5000) == set()
    blocked = tj.claim_task_batch(reaction_id="r", owner="b")
    assert (blocked.tasks, blocked.reason) == ((), "concurrency")

    done, lost = tj.complete_tasks(claims=[(task.task_id, task.attempts), ("ghost", 0)], owner="a")
    assert [t.task_id for t in done] == [task.task_id] and done[0].status == TaskStatus.DONE
    (missing,) = lost
    assert isinstance(missing, errors.TaskNotFound) and "ghost" in str(missing)
    _, (late,) = tj.complete_tasks(claims=[(task.task_id, 0)], owner="a")
    assert isinstance(late, errors.TaskLeaseLost)
    assert late.current.status == TaskStatus.DONE  # type: ignore[attr-defined]
    assert tj.get_task(task_id=task.task_id).status == TaskStatus.DONE
    counts = tj.count_tasks(reaction_id="r")
    assert (counts[TaskStatus.DONE], counts[TaskStatus.PENDING]) == (1, 1)
    with pytest.raises(errors.TaskNotFound):
        tj.get_task(task_id="nope")

    # A claim that lapses on its last allowed attempt goes to the DLQ; an operator retries it.
    tj.register_reaction(
        subject_pattern="/tape/value/changed/ns/**", reaction_id="r", dlq_after_n=1
    )
    (last,) = tj.claim_tasks(reaction_id="r", owner="a", lease_ms=1000)
    clock.advance(1001)
    (dead,) = tj.dead_letter_lapsed_tasks()
    assert (dead.task_id, dead.status) == (last.task_id, TaskStatus.DLQ)
    retried = tj.retry_task(task_id=dead.task_id, operator="ops", note="fixed")
    assert (retried.status, retried.attempts) == (TaskStatus.PENDING, 0)

    reactions, head = tj.reaction_lag()
    assert [r.reaction_id for r in reactions] == ["r"]
    assert head == tj.read_journal(limit=10_000)[-1].global_seq
    got = tj.get_reaction(reaction_id="r")
    assert got.positions == reactions[0].positions and got.cursors == reactions[0].cursors
    assert got.position > (0, 0) and not got.paused
    with pytest.raises(errors.IllegalTransition):
        tj.resume_reaction(reaction_id="r", operator="ops")
    with pytest.raises(errors.ReactionNotFound):
        tj.get_reaction(reaction_id="nope")


def test_subscribe_yields_matching_rows_in_order_and_ends_when_idle(journal: Journal) -> None:
    _values(journal, "sub", 3)
    journal.write_value(namespace="sub", key="k0", value_json={"i": 9})
    journal.write_value(namespace="other", key="k", value_json={})
    rows = list(journal.subscribe(subject_pattern="/tape/value/changed/sub/**", idle_timeout_s=0.5))
    assert [r.subject.rsplit("/", 1)[-1] for r in rows] == ["k0", "k1", "k2", "k0"]
    later = list(
        journal.subscribe(
            subject_pattern="/tape/value/changed/sub/**",
            from_global_seq=rows[1].global_seq,
            idle_timeout_s=0.5,
        )
    )
    assert later == rows[2:]
    picked = journal.subscribe(predicate="payload.version == 2", kind="value", idle_timeout_s=0.5)
    assert [(r.subject, r.payload["version"]) for r in picked] == [
        ("/tape/value/changed/sub/k0", 2)
    ]
    with pytest.raises(errors.InvalidPredicate):
        journal.subscribe(predicate="kind ==")


@pytest.mark.journal_backends("postgres", "tape")  # SQLite's waker is a timer: nothing pushes
def test_the_commit_waker_wakes_on_a_commit(journal: Journal) -> None:
    waker = journal.commit_waker()
    try:
        wait_until(lambda: waker.pushes, timeout=10)
        waker.wait(1.0)  # what woke it when it connected
        assert waker.wait(0.5) is False  # a quiet journal: no wake-up
        journal.write_value(namespace="wake", key="k", value_json=1)
        assert waker.wait(10.0) is True
    finally:
        waker.close()
