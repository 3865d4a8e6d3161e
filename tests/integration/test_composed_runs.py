"""Composed runs in-process, on both backends (issue 26; docs/composing.md): undoing a run
(what a deadline does), child runs that a parent waits for without a lost wakeup, and
cancelling a parent cascading to its children, newest first.

Agents are driven with ``Agent.drive`` in this process (the task send is a no-op); the
compensation pass is run by hand, one pass at a time.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import Journal, ObligationStatus, RunStatus, errors, registry, runtime
from tape.agents import runner
from tape.config import Settings
from tape.reactors import compensate, deadlines, timers

undone: list[str] = []


pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def undo_step(step: str, **_: Any) -> dict[str, Any]:
    undone.append(step)
    return {"undone": step}


@tape.effect(compensate=undo_step)
def step_effect(step: str) -> dict[str, Any]:
    return {"step": step}


@pytest.fixture
def aj(journal_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Journal]:
    snapshot = registry.snapshot()
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    monkeypatch.setattr(runner, "send", lambda *args: None)  # driven in-process below
    undone.clear()
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))
    registry.restore(snapshot)


def leased_run(j: Journal, *, steps: int = 1) -> str:
    """A RUNNING run that confirmed ``steps`` inline effects, each owing ``undo_step``."""
    run_id = j.begin_run(
        app_name="undo",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w",
        lease_ttl_ms=600_000,
    ).run_id
    for i in range(steps):
        key = j.begin_effect(run_id=run_id, decision_index=i, tool_name="step").idempotency_key
        j.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
        j.register_compensation(
            run_id=run_id, effect_key=key, kind="undo_step", payload_json={"step": f"s{i}"}
        )
    return run_id


def drain(j: Journal) -> None:
    compensate.run_once(j, compensate.CompensateOptions(backoff_base_ms=0))


def test_undo_cancels_a_running_run_compensates_it_newest_first_and_keeps_the_reason(
    aj: Journal,
) -> None:
    registry.register_compensator("undo_step", undo_step)
    run_id = leased_run(aj, steps=2)
    moved = aj.undo_run(run_id=run_id, reason="deadline", undone_by="deadline")
    assert moved is not None and moved.status == RunStatus.COMPENSATING
    assert moved.lease_owner == ""  # the attempt driving it loses its lease
    with pytest.raises(errors.TapeError):
        aj.record_decision(run_id=run_id, decision_index=5, model="m", lease_epoch=1)
    drain(aj)
    run = aj.get_run(run_id=run_id)
    assert run.status == RunStatus.CANCELLED
    assert (run.detail["cancelled"], run.detail["reason"]) == (True, "deadline")
    assert run.detail["compensated"] == ["undo_step", "undo_step"]
    assert undone == ["s1", "s0"]  # newest first, once each
    drain(aj)
    assert undone == ["s1", "s0"]


def test_undo_leaves_a_finished_run_alone_and_a_run_owing_nothing_ends_at_once(
    aj: Journal,
) -> None:
    registry.register_compensator("undo_step", undo_step)
    over = leased_run(aj)
    aj.end_run(run_id=over, status=RunStatus.TERMINAL)
    assert aj.undo_run(run_id=over, reason="deadline") is None
    assert aj.get_run(run_id=over).status == RunStatus.TERMINAL
    (held,) = aj.list_obligations(run_id=over)
    assert (held.status, held.held) == (ObligationStatus.PENDING, True)
    idle = leased_run(aj, steps=0)
    ended = aj.undo_run(run_id=idle, reason="deadline")
    assert ended is not None and ended.status == RunStatus.CANCELLED
    with pytest.raises(errors.RunNotFound):
        aj.undo_run(run_id="no-such-run", reason="deadline")


def test_a_deadline_timer_fires_once_and_does_nothing_on_a_finished_run(aj: Journal) -> None:
    going, over = leased_run(aj, steps=0), leased_run(aj, steps=0)
    aj.end_run(run_id=over, status=RunStatus.TERMINAL)
    for run_id in (going, over):
        deadlines.arm(aj, run_id, 1, now_ms=0)  # long past
    results = {r["run_id"]: r for r in timers.run_once(aj)}
    assert results[going]["result"] == "fired" and "CANCELLED" in results[going]["detail"]
    assert results[over]["detail"] == "ignored: run is TERMINAL"
    assert aj.get_run(run_id=going).detail["reason"] == "deadline"
    assert aj.get_run(run_id=over).status == RunStatus.TERMINAL
    assert timers.run_once(aj) == []


@pytest.mark.parametrize("bad", [0, -1, "soon", True, object(), 10**9])
def test_a_bad_deadline_is_refused_before_anything_is_journaled(aj: Journal, bad: Any) -> None:
    with pytest.raises(errors.InvalidArgument):
        deadlines.to_ms(bad)


def test_deadline_accepts_seconds_durations_and_timedeltas() -> None:
    import datetime as dt

    assert deadlines.to_ms(2) == 2000
    assert deadlines.to_ms("15m") == 900_000
    assert deadlines.to_ms(dt.timedelta(minutes=1)) == 60_000
    assert deadlines.to_ms(None) == 0


# -- child runs -------------------------------------------------------------------------------


@tape.agent(name="compose_child", lease_ttl_ms=60_000)
def compose_child(ctx: tape.RunContext, step: str) -> dict[str, Any]:
    step_effect(step=step)
    if step == "boom":
        raise RuntimeError("child failed")
    return {"did": step}


@tape.agent(name="compose_parent", lease_ttl_ms=60_000)
def compose_parent(ctx: tape.RunContext, steps: list[str]) -> dict[str, Any]:
    handles = [ctx.start_child(compose_child, step=s) for s in steps]
    results = []
    for handle in handles:
        try:
            results.append(handle.wait())
        except errors.ChildRunFailed as exc:
            results.append({"failed": exc.status})
    return {"results": results}


def children_of(j: Journal, run_id: str) -> list[str]:
    return [c["run_id"] for c in j.run_tree(run_id=run_id)["children"]]


def test_a_parent_waits_for_its_children_and_gets_their_results(aj: Journal) -> None:
    parent = compose_parent.delay(steps=["a", "boom"], journal=aj).run_id
    assert compose_parent.drive(parent, journal=aj).status == RunStatus.WAITING
    kids = children_of(aj, parent)[::-1]  # oldest first
    assert len(kids) == 2
    assert aj.get_run(run_id=parent).waiting_on_gate == f"child:{kids[0]}"
    tree = aj.run_tree(run_id=kids[0])
    assert tree["parent"] == {"run_id": parent, "kind": "child"}
    # A re-driven parent finds the children it started: no second child.
    assert compose_child.drive(kids[1], journal=aj).status == RunStatus.FAILED
    assert aj.get_run(run_id=parent).status == RunStatus.WAITING  # it waits on the first
    assert compose_child.drive(kids[0], journal=aj).status == RunStatus.TERMINAL
    assert aj.get_run(run_id=parent).status == RunStatus.RUNNABLE  # released by the end
    done = compose_parent.drive(parent, journal=aj)
    assert done.status == RunStatus.TERMINAL, done.detail
    assert done.detail["result"] == {"results": [{"did": "a"}, {"failed": "FAILED"}]}
    assert children_of(aj, parent)[::-1] == kids
    released = [e for e in aj.read_journal(run_id=parent, kind="gate") if "/released/" in e.subject]
    assert len(released) == 1  # resumed once: the second child had ended before it asked


def test_a_child_that_ended_before_the_parent_parks_is_no_lost_wakeup(aj: Journal) -> None:
    parent = compose_parent.delay(steps=["a"], journal=aj).run_id
    run = aj.resume_run(run_id=parent, lease_owner="p", lease_ttl_ms=60_000)
    child = compose_child.delay(step="a", journal=aj, parent=parent).run_id
    assert compose_child.drive(child, journal=aj).status == RunStatus.TERMINAL
    got = aj.await_signal(run_id=parent, gate_name=f"child:{child}", lease_epoch=run.lease_epoch)
    assert got.delivered  # the child is over: nothing to wait for
    assert aj.get_run(run_id=parent).status == RunStatus.RUNNING


def test_a_signal_cannot_fake_a_child_result(aj: Journal) -> None:
    parent = compose_parent.delay(steps=["a"], journal=aj).run_id
    run = aj.resume_run(run_id=parent, lease_owner="p", lease_ttl_ms=60_000)
    child = compose_child.delay(step="a", journal=aj, parent=parent).run_id
    aj.send_signal(run_id=parent, gate_name=f"child:{child}", resolution_json={"fake": 1})
    got = aj.await_signal(run_id=parent, gate_name=f"child:{child}", lease_epoch=run.lease_epoch)
    assert not got.delivered
    assert aj.get_run(run_id=parent).status == RunStatus.WAITING
    with pytest.raises(errors.InvalidArgument):
        tape.gate(f"child:{child}")


def test_cancelling_a_parent_undoes_its_children_newest_first(aj: Journal) -> None:
    registry.register_compensator("undo_step", undo_step)
    parent = compose_parent.delay(steps=["a", "b", "c"], journal=aj).run_id
    compose_parent.drive(parent, journal=aj)
    kids = children_of(aj, parent)  # newest first
    for kid in kids:  # each child confirms its step, then is stopped before it ends
        run = aj.resume_run(run_id=kid, lease_owner="k", lease_ttl_ms=60_000)
        step = aj.get_run(run_id=kid).input["step"]
        key = aj.begin_effect(
            run_id=kid, decision_index=0, tool_name="step", lease_epoch=run.lease_epoch
        ).idempotency_key
        aj.complete_effect(run_id=kid, idempotency_key=key, status="confirmed")
        aj.register_compensation(
            run_id=kid, effect_key=key, kind="undo_step", payload_json={"step": step}
        )
    tape.cancel_run(parent, reason="operator", journal=aj)
    assert aj.get_run(run_id=parent).status == RunStatus.CANCELLED
    assert {aj.get_run(run_id=k).status for k in kids} == {RunStatus.COMPENSATING}
    drain(aj)
    for kid in kids:
        run = aj.get_run(run_id=kid)
        assert run.status == RunStatus.CANCELLED
        assert run.detail["reason"] == "parent cancelled"
    assert undone == ["c", "b", "a"]  # once each, the newest child's first
    drain(aj)
    assert sorted(undone) == ["a", "b", "c"]


def test_link_refuses_bad_links(aj: Journal) -> None:
    a, b = leased_run(aj, steps=0), leased_run(aj, steps=0)
    assert aj.link_run(run_id=b, parent_run_id=a) is True
    assert aj.link_run(run_id=b, parent_run_id=a) is False
    with pytest.raises(errors.InvalidArgument):
        aj.link_run(run_id=b, parent_run_id=leased_run(aj, steps=0))
    with pytest.raises(errors.InvalidArgument):
        aj.link_run(run_id=a, parent_run_id=a)
    with pytest.raises(errors.RunNotFound):
        aj.link_run(run_id="nope", parent_run_id=a)
    with pytest.raises(errors.InvalidArgument):
        aj.link_run(run_id=a, parent_run_id=b, kind="sibling")


@tape.agent(name="compose_timed", lease_ttl_ms=60_000, deadline="1h")
def compose_timed(ctx: tape.RunContext, step: str) -> dict[str, Any]:
    return {"did": step}


def test_a_per_call_deadline_replaces_the_agents_and_a_child_inherits_what_is_left(
    aj: Journal,
) -> None:
    now = aj.database.now_ms()
    hourly = compose_timed.delay(step="a", journal=aj).run_id
    at = aj.run_tree(run_id=hourly)["deadline_at_ms"]
    assert now + 3_600_000 <= at <= aj.database.now_ms() + 3_600_000
    short = compose_timed.delay(step="b", journal=aj, deadline=30).run_id
    parent_at = aj.run_tree(run_id=short)["deadline_at_ms"]
    assert parent_at <= aj.database.now_ms() + 30_000
    # a child of the 30 s run may not outlive it, whatever its agent says (1 h)
    child = compose_timed.delay(step="c", journal=aj, parent=short).run_id
    assert aj.run_tree(run_id=child)["deadline_at_ms"] == parent_at
    assert aj.run_tree(run_id=child)["parent"] == {"run_id": short, "kind": "child"}
    # a run without one has none, and a bad one is refused before anything is journaled
    assert (
        aj.run_tree(run_id=compose_child.delay(step="d", journal=aj).run_id)["deadline_at_ms"] == 0
    )
    before = len(aj.list_runs())
    with pytest.raises(errors.InvalidArgument):
        compose_timed.delay(step="e", journal=aj, deadline="soon")
    with pytest.raises(errors.RunNotFound):
        compose_timed.delay(step="e", journal=aj, parent="no-such-run")
    assert len(aj.list_runs()) == before


@pytest.mark.journal_backends("postgres", "sqlite")  # writes through the store, beside the database
def test_an_undo_interrupted_before_the_children_is_finished_when_it_fires_again(
    aj: Journal,
) -> None:
    from tape.store import children as store

    parent = compose_parent.delay(steps=["a"], journal=aj).run_id
    compose_parent.drive(parent, journal=aj)
    (kid,) = children_of(aj, parent)
    # the process died after undoing the parent, before its children
    store.undo(aj.database, parent, reason="deadline", by="deadline")
    assert aj.get_run(run_id=kid).status == RunStatus.RUNNABLE
    assert aj.undo_run(run_id=parent, reason="deadline") is None  # the timer fires again
    assert aj.get_run(run_id=kid).status == RunStatus.CANCELLED  # owed nothing: ended at once
    # a parent that ended otherwise keeps its children going
    other = compose_parent.delay(steps=["b"], journal=aj).run_id
    compose_parent.drive(other, journal=aj)
    aj.end_run(run_id=other, status=RunStatus.FAILED)
    assert aj.undo_run(run_id=other, reason="deadline") is None
    (going,) = children_of(aj, other)
    assert aj.get_run(run_id=going).status == RunStatus.RUNNABLE
