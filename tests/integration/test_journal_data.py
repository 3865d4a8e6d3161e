"""Values, sessions with events, and reading the journal (both backends)."""

from __future__ import annotations

from typing import Any

import pytest

from tape.errors import InvalidArgument, InvalidPayload, SessionNotFound, VersionConflict
from tests.support.runs import new_run

# The journal contract, on every backend, and through a tape server (tape://).
pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")

# -- values ----------------------------------------------------------------------------------


def test_values(journal: Any) -> None:
    # -- versions and tombstones
    v1 = journal.write_value(namespace="treasury", key="X", value_json=0.92, writer="agent")
    assert (v1.version, v1.value, v1.writer, v1.deleted) == (1, 0.92, "agent", False)
    v2 = journal.write_value(namespace="treasury", key="X", value_json={"v": 2}, writer="other")
    assert (v2.version, v2.value, v2.writer) == (2, {"v": 2}, "other")
    assert journal.get_value(namespace="treasury", key="X") == v2
    gone = journal.delete_value(namespace="treasury", key="X")
    assert (gone.deleted, gone.version) == (True, 3)
    tomb = journal.get_value(namespace="treasury", key="X")
    assert tomb is not None
    assert (tomb.deleted, tomb.version, tomb.value_json) == (True, 3, "")
    again = journal.delete_value(namespace="treasury", key="X")
    assert (again.deleted, again.version) == (False, 3)
    before = journal.read_journal(limit=10_000)
    never = journal.delete_value(namespace="treasury", key="never")
    assert (never.deleted, never.version) == (False, 0)
    assert journal.get_value(namespace="treasury", key="never") is None
    assert journal.read_journal(limit=10_000) == before
    back = journal.write_value(namespace="treasury", key="X", value_json=1)
    assert (back.version, back.deleted, back.value) == (4, False, 1)
    # namespaces are separate
    assert journal.write_value(namespace="other", key="X", value_json=1).version == 1

    # -- compare-and-swap
    first = journal.write_value(namespace="ns", key="k", value_json=1, if_version=0)
    assert first.version == 1
    before = (journal.read_journal(limit=10_000), journal.get_value(namespace="ns", key="k"))
    with pytest.raises(VersionConflict, match=r"have 1, expected 0"):
        journal.write_value(namespace="ns", key="k", value_json=2, if_version=0)
    second = journal.write_value(namespace="ns", key="k", value_json=2, if_version=1)
    assert second.version == 2
    before = (journal.read_journal(limit=10_000), journal.get_value(namespace="ns", key="k"))
    with pytest.raises(VersionConflict, match=r"have 2, expected 1"):
        journal.write_value(namespace="ns", key="k", value_json=3, if_version=1)
    with pytest.raises(VersionConflict, match=r"have 0, expected 5"):
        journal.write_value(namespace="ns", key="absent", value_json=3, if_version=5)
    after = (journal.read_journal(limit=10_000), journal.get_value(namespace="ns", key="k"))
    assert after == before
    assert journal.get_value(namespace="ns", key="absent") is None


def test_every_value_write_is_journaled(journal: Any) -> None:
    for i in range(3):
        journal.write_value(namespace="treasury", key=f"k{i}", value_json=i)
    journal.write_value(namespace="treasury", key="k0", value_json=10)
    journal.delete_value(namespace="treasury", key="k1")
    rows = journal.read_journal(kind="value")
    assert [(r.subject, r.payload["version"]) for r in rows] == [
        ("/tape/value/changed/treasury/k0", 1),
        ("/tape/value/changed/treasury/k1", 1),
        ("/tape/value/changed/treasury/k2", 1),
        ("/tape/value/changed/treasury/k0", 2),
        ("/tape/value/deleted/treasury/k1", 2),
    ]
    assert all(r.run_id == "" for r in rows)
    assert len({r.global_seq for r in rows}) == 5


# -- sessions --------------------------------------------------------------------------------


def test_sessions(journal: Any) -> None:
    # -- events and state
    made = journal.create_session(app_name="a", user_id="u", session_id="s1", state_json={"k": 1})
    assert made.state == {"k": 1}
    kept = journal.create_session(app_name="a", user_id="u", session_id="s1", state_json={"k": 9})
    assert kept.state == {"k": 1}  # an existing session is returned, not overwritten
    generated = journal.create_session(app_name="a", user_id="u")
    assert generated.session_id and generated.state == {}
    res = journal.append_event(
        app_name="a",
        user_id="u",
        session_id="s1",
        event={"id": "e1", "author": "user", "text": "hi"},
        state_delta_json={"k": 2, "x": "y"},
    )
    assert (res.event.ord, res.event.event_id, res.event.author) == (1, "e1", "user")
    got = journal.get_session(app_name="a", user_id="u", session_id="s1")
    assert got.state == {"k": 2, "x": "y"}
    assert [e.event_id for e in got.events] == ["e1"]
    journal.append_event(
        app_name="a", user_id="u", session_id="s1", event={"n": 2}, state_delta_json={"x": None}
    )
    for n in range(3, 6):
        journal.append_event(app_name="a", user_id="u", session_id="s1", event={"n": n})
    got = journal.get_session(app_name="a", user_id="u", session_id="s1")
    assert got.state == {"k": 2}  # a null in the delta deletes the key
    assert [e.ord for e in got.events] == [1, 2, 3, 4, 5]
    newest = journal.get_session(app_name="a", user_id="u", session_id="s1", max_events=2)
    assert [e.ord for e in newest.events] == [4, 5]  # the newest N, oldest first
    assert [e.content["n"] for e in newest.events] == [4, 5]
    assert journal.get_session(app_name="a", user_id="u", session_id="nope") is None
    rows = journal.read_journal(kind="event")
    assert len(rows) == 5
    assert rows[0].subject == "/tape/event/appended/a/u/s1"

    # -- appending to a missing session, or a bad event, writes nothing
    before = journal.read_journal(limit=10_000)
    with pytest.raises(SessionNotFound):
        journal.append_event(app_name="a", user_id="u", session_id="missing", event={"x": 1})
    journal.create_session(app_name="a", user_id="u", session_id="s")
    mid = journal.read_journal(limit=10_000)
    assert mid == before
    with pytest.raises(InvalidPayload):
        journal.append_event(app_name="a", user_id="u", session_id="s", event={})
    with pytest.raises(InvalidPayload):
        journal.append_event(
            app_name="a", user_id="u", session_id="s", event={"x": 1}, state_delta_json="[1]"
        )
    assert journal.read_journal(limit=10_000) == mid
    assert journal.get_session(app_name="a", user_id="u", session_id="s").events == ()


# -- reading the journal ---------------------------------------------------------------------


def test_read_journal_shape_and_filters(journal: Any) -> None:
    r1, r2 = new_run(journal), new_run(journal)
    for run_id in (r1, r2):
        journal.record_decision(run_id=run_id, decision_index=0, model="m")
        key = journal.begin_effect(run_id=run_id, decision_index=0, tool_name="pay").idempotency_key
        journal.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
    journal.write_value(namespace="treasury", key="rate", value_json=1)
    journal.write_value(namespace="ops", key="flag", value_json=True)
    everything = journal.read_journal(limit=10_000)
    seqs = [e.global_seq for e in everything]
    assert seqs[0] > 0 and seqs == sorted(set(seqs))
    assert all(e.subject.startswith("/tape/") for e in everything)
    assert all(e.schema_version == 1 for e in everything)
    mine = journal.read_journal(run_id=r1)
    assert {e.run_id for e in mine} == {r1}
    assert [e.seq for e in mine] == list(range(1, len(mine) + 1))
    assert [e.kind for e in mine] == ["run", "decision", "effect", "effect"]
    assert [e.seq for e in journal.read_journal(run_id=r1, from_seq=3)] == [3, 4]
    assert {e.kind for e in journal.read_journal(kind="decision")} == {"decision"}
    assert len(journal.read_journal(kind="decision")) == 2
    tail = journal.read_journal(after_global_seq=seqs[-3])
    assert [e.global_seq for e in tail] == seqs[-2:]
    assert len(journal.read_journal(limit=2)) == 2

    def subjects(pattern: str) -> list[str]:
        return [e.subject for e in journal.read_journal(subject_pattern=pattern, limit=10_000)]

    assert subjects("/tape/value/changed/treasury/**") == ["/tape/value/changed/treasury/rate"]
    assert subjects("/tape/value/*/*/flag") == ["/tape/value/changed/ops/flag"]
    assert subjects("/tape/value/**") == [
        "/tape/value/changed/treasury/rate",
        "/tape/value/changed/ops/flag",
    ]
    assert subjects("/tape/value/*") == []  # * is exactly one segment
    assert subjects(f"/tape/effect/confirmed/pay/{r2}") == [f"/tape/effect/confirmed/pay/{r2}"]
    assert len(subjects("/tape/effect/*/pay/*")) == 4
    assert len(subjects("/tape/**")) == len(everything)
    before = journal.read_journal(limit=10_000)
    for bad in ("/tape/**/value", "**/x"):
        with pytest.raises(InvalidArgument):
            journal.read_journal(subject_pattern=bad)
    assert journal.read_journal(limit=10_000) == before


def test_subject_pattern_is_applied_before_the_limit(journal: Any) -> None:
    # '*' in SQL LIKE spans several segments; rows that only the LIKE prefilter matches must
    # not use up the limit, or a tailing reader gets [] and never reaches the matching row.
    for i in range(3):
        journal.write_value(namespace="confirmed", key=f"k{i}", value_json=i)
    run_id = new_run(journal)
    key = journal.begin_effect(run_id=run_id, decision_index=0, tool_name="pay").idempotency_key
    journal.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
    pattern = "/tape/*/confirmed/**"
    assert [e.kind for e in journal.read_journal(subject_pattern=pattern)] == ["effect"]
    got = journal.read_journal(subject_pattern=pattern, limit=2)
    assert [e.subject for e in got] == [f"/tape/effect/confirmed/pay/{run_id}"]
