"""``tape.gate`` / ``tape.gate_tool``: park a run on a named gate until someone answers, on
Postgres and SQLite; bad input is refused with a named error and writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

import tape
from tape import Journal, RunStatus, errors, models, runtime
from tape.agents import context
from tape.config import Settings
from tests.integration.test_bad_input import dump
from tests.support.runs import new_run


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def start(tj: Journal, agent: tape.Agent[Any], **inputs: Any) -> str:
    return tj.create_run(app_name=agent.name, invocation_id=tape.uuid(), input_json=inputs).run_id


@tape.agent(name="test-sdk-approval")
def approval(ctx: tape.RunContext, amount: int) -> Any:
    return tape.gate("cfo-approval", {"amount": amount}, risk="wire")


CFO_TOOL = tape.gate_tool("cfo-approval")


@tape.agent(name="test-sdk-approval-tool")
def approval_by_tool(ctx: tape.RunContext) -> Any:
    return CFO_TOOL()


def signal_context(tj: Journal, run_id: str, gate: str) -> Any:
    signals = models.metadata.tables["tape_signals"]
    with tj.database.engine.connect() as conn:
        row = conn.execute(
            select(signals.c.context_json).where(
                signals.c.run_id == run_id, signals.c.gate_name == gate
            )
        ).scalar_one()
    return json.loads(row)


def test_gate_parks_the_run_until_the_signal_then_returns_the_resolution(tj: Journal) -> None:
    run_id = start(tj, approval, amount=250)

    parked = approval.drive(run_id, journal=tj)
    assert (parked.status, parked.waiting_on_gate) == (RunStatus.WAITING, "cfo-approval")
    assert signal_context(tj, run_id, "cfo-approval") == {"risk": "wire", "amount": 250}
    # A re-drive before anyone answered parks again, and changes nothing else.
    assert approval.drive(run_id, journal=tj).status == RunStatus.WAITING

    sent = tj.send_signal(
        run_id=run_id, gate_name="cfo-approval", resolution_json={"approved": True, "by": "cfo"}
    )
    assert (sent.accepted, sent.run_status) == (True, RunStatus.RUNNABLE)
    done = approval.drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL
    assert done.detail == {
        "result": {"resolved": True, "gate": "cfo-approval", "approved": True, "by": "cfo"}
    }
    gates = [e.payload["transition"] for e in tj.read_journal(run_id=run_id, kind="gate")]
    assert gates == ["waiting", "waiting", "released"]


def test_a_resolution_that_is_not_an_object_is_returned_under_resolution(tj: Journal) -> None:
    run_id = start(tj, approval, amount=1)
    tj.send_signal(run_id=run_id, gate_name="cfo-approval", resolution_json='"denied"')
    done = approval.drive(run_id, journal=tj)  # delivered before the run got there: no park
    assert done.detail == {
        "result": {"resolved": True, "gate": "cfo-approval", "resolution": "denied"}
    }
    assert [e.payload["transition"] for e in tj.read_journal(run_id=run_id, kind="gate")] == [
        "delivered"
    ]


def test_gate_tool_is_named_after_the_gate_and_parks_like_gate(tj: Journal) -> None:
    assert CFO_TOOL.__name__ == "await_cfo_approval"
    assert "cfo-approval" in (CFO_TOOL.__doc__ or "")
    run_id = start(tj, approval_by_tool)
    assert approval_by_tool.drive(run_id, journal=tj).status == RunStatus.WAITING
    assert signal_context(tj, run_id, "cfo-approval") == {"risk": "irreversible"}
    tj.send_signal(run_id=run_id, gate_name="cfo-approval", resolution_json={"approved": False})
    done = approval_by_tool.drive(run_id, journal=tj)
    assert done.detail == {"result": {"resolved": True, "gate": "cfo-approval", "approved": False}}


def test_outside_a_run_a_gate_refuses_instead_of_approving() -> None:
    # Fails closed: a caller that checks ``resolved`` is never approved by accident.
    with pytest.raises(errors.NotInRun):
        tape.gate("cfo-approval")
    with pytest.raises(errors.NotInRun):
        CFO_TOOL()


def test_await_gate_returns_what_tape_gate_returns(tj: Journal) -> None:
    run_id = new_run(tj)
    epoch = tj.get_run(run_id=run_id).lease_epoch
    tj.send_signal(run_id=run_id, gate_name="go", resolution_json={"approved": True})
    token = context.activate(context.RunContext(tj, run_id, epoch, "w1"))
    try:
        via_ctx = context.current().await_gate("go")  # type: ignore[union-attr]
        assert via_ctx == tape.gate("go") == {"resolved": True, "gate": "go", "approved": True}
    finally:
        context.deactivate(token)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("",), {}),
        (("   ",), {}),
        (("effect:some/key",), {}),
        (("x" * 300,), {}),
        ((42,), {}),
        (("g", ["not", "a", "dict"]), {}),
        (("g", {"blob": object()}), {}),
        (("g",), {"risk": 3}),
    ],
)
def test_bad_gate_input_is_refused_and_writes_nothing(
    journal: Journal, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    run_id = new_run(journal)
    epoch = journal.get_run(run_id=run_id).lease_epoch
    token = context.activate(context.RunContext(journal, run_id, epoch, "w1"))
    try:
        before = dump(journal)
        with pytest.raises(errors.InvalidArgument):
            tape.gate(*args, **kwargs)
        assert dump(journal) == before
    finally:
        context.deactivate(token)
    assert journal.get_run(run_id=run_id).status == RunStatus.RUNNING


@pytest.mark.parametrize("name", ["", "effect:abc", 7])
def test_gate_tool_refuses_a_bad_name_when_built(name: Any) -> None:
    with pytest.raises(errors.InvalidArgument):
        tape.gate_tool(name)
