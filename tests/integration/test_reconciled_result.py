"""One result shape after reconcile (issue 27, step 5; issue test 6), on Postgres and SQLite.

An inline tool call whose process died mid-call is left PENDING; the reconcile pass asks the
tool's status check. When the check returns the upstream's record (``{"result": ...}``), the
re-driven agent gets it as the tool's result: the same shape as a run without a crash. When it
can only say the call happened (``True``), the agent gets a ``tape.Reconciled``, never a dict
that looks like a result. The same for a connector's ``observe()`` with
``ObservationResult(result=...)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import EffectStatus, Journal, RunStatus, connectors, runtime
from tape.config import Settings
from tape.reactors import reconcile
from tests.support.clock import FakeClock

#: The upstream's books: order id by the effect key that placed it.
ORDERS: dict[str, str] = {}
CALLS: list[str] = []
ANSWER: dict[str, Any] = {"mode": "record"}


@pytest.fixture
def tj(journal_url: str, clock: FakeClock) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    ORDERS.clear()
    CALLS.clear()
    saved = connectors.snapshot()
    journal = Journal(journal_url, clock=clock)
    yield journal
    journal.close()
    connectors.restore(saved)
    runtime.configure(Settings(dispatch_hints=False))


def look_up_order(effect: Any) -> Any:
    """The tool's status check: the upstream's record, or only whether it exists."""
    order = ORDERS.get(effect.idempotency_key)
    if ANSWER["mode"] == "bool":
        return order is not None
    return {"found": order is not None, "result": {"order_id": order}}


@tape.effect(status_check=look_up_order)
def place_order(item: str) -> dict[str, Any]:
    CALLS.append(item)
    ORDERS[tape.current_effect_key()] = f"O-{len(ORDERS) + 1}"
    return {"order_id": ORDERS[tape.current_effect_key()]}


SEEN: list[Any] = []


@tape.agent(name="reconciled-buyer")
def buyer(ctx: tape.RunContext) -> Any:
    receipt = place_order(item="book")
    SEEN.append(receipt)
    if isinstance(receipt, tape.Reconciled):
        return {"reconciled": receipt.observed_by}
    return {"order_id": receipt["order_id"]}


def crashed_mid_call(tj: Journal) -> tuple[str, str]:
    """A run whose attempt died during place_order, after the upstream booked the order."""
    run_id = tj.create_run(app_name=buyer.name, invocation_id=tape.uuid()).run_id
    key = f"{run_id}/no-decision/place_order/0"
    tj.begin_effect(
        run_id=run_id,
        decision_index=-1,
        tool_name="place_order",
        call_index=0,
        request_json={"item": "book"},
    )
    ORDERS[key] = "O-77"
    return run_id, key


def reconcile_all(tj: Journal, clock: FakeClock) -> list[dict[str, Any]]:
    """A reconcile pass once the crashed call's effect is a minute old."""
    clock.advance(60_000)
    return reconcile.run_once(tj, reconcile.ReconcileOptions(pending_after_ms=30_000))


def test_without_a_crash_the_agent_gets_the_upstreams_answer(tj: Journal) -> None:
    SEEN.clear()
    run_id = tj.create_run(app_name=buyer.name, invocation_id=tape.uuid()).run_id
    assert buyer.drive(run_id, journal=tj).detail == {"result": {"order_id": "O-1"}}
    assert SEEN == [{"order_id": "O-1"}]


def test_a_status_check_that_found_the_record_gives_the_same_result_shape(
    tj: Journal, clock: FakeClock
) -> None:
    ANSWER["mode"] = "record"
    SEEN.clear()
    run_id, key = crashed_mid_call(tj)
    (row,) = reconcile_all(tj, clock)
    assert (row["result"], row["observed_by"]) == ("confirmed", "status_check")
    effect = tj.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.status == EffectStatus.CONFIRMED
    assert effect.response == {"order_id": "O-77"}
    done = buyer.drive(run_id, journal=tj)
    assert done.detail == {"result": {"order_id": "O-77"}}
    assert SEEN == [{"order_id": "O-77"}] and CALLS == []  # never called again
    # what the look itself said is journaled with the observation, not handed to the agent
    (observed,) = [
        r.payload
        for r in tj.read_journal(run_id=run_id, kind="effect")
        if r.payload.get("transition") == "observed-confirmed"
    ]
    assert observed["observation"] == {"found": True}


def test_a_status_check_that_only_knows_it_happened_gives_tape_reconciled(
    tj: Journal, clock: FakeClock
) -> None:
    ANSWER["mode"] = "bool"
    SEEN.clear()
    try:
        run_id, key = crashed_mid_call(tj)
        reconcile_all(tj, clock)
        done = buyer.drive(run_id, journal=tj)
    finally:
        ANSWER["mode"] = "record"
    assert done.status == RunStatus.TERMINAL
    assert done.detail == {"result": {"reconciled": "status_check"}}
    (receipt,) = SEEN
    assert receipt == tape.Reconciled(observed_by="status_check", external_ref="", observation={})
    assert not isinstance(receipt, dict)
    effect = tj.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.response == {
        "tape:reconciled": True,
        "observed_by": "status_check",
        "external_ref": "",
        "observation": {},
    }


class OrderBook:
    """A connector whose observe() finds the upstream's record."""

    name = "reconciled.books"
    can_observe = True

    def dispatch(self, effect: Any) -> connectors.DispatchResult:
        return connectors.DispatchResult("unknown")  # the reply is lost

    def observe(self, effect: Any) -> connectors.ObservationResult:
        return connectors.ObservationResult(
            "confirmed", "ref-9", {"lookup": "by key"}, result={"order_id": "O-9"}
        )

    def compensate(self, obligation: Any) -> connectors.CompensationResult:
        return connectors.CompensationResult("compensated")


@tape.outbox_tool(connector="reconciled.books")
def order_by_outbox(item: str) -> dict[str, Any]:
    return {"item": item}


def test_an_observation_with_a_result_is_the_outbox_tools_result(
    tj: Journal, clock: FakeClock
) -> None:
    from tape.reactors import outbox

    connectors.register(OrderBook())

    @tape.agent(name="reconciled-outbox-buyer")
    def outbox_buyer(ctx: tape.RunContext) -> Any:
        return order_by_outbox(item="pen")

    run_id = tj.create_run(app_name=outbox_buyer.name, invocation_id=tape.uuid()).run_id
    assert outbox_buyer.drive(run_id, journal=tj).status == RunStatus.WAITING
    outbox.run_once(tj, outbox.OutboxOptions(connector="reconciled.books"))
    (row,) = reconcile_all(tj, clock)
    assert (row["result"], row["observed_by"]) == ("confirmed", "connector")
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
    assert outbox_buyer.drive(run_id, journal=tj).detail == {"result": {"order_id": "O-9"}}


def test_an_observation_result_must_be_json() -> None:
    with pytest.raises(TypeError, match="JSON data"):
        connectors.ObservationResult("confirmed", result={"when": object()})


def test_a_framework_model_gets_the_json_marker_not_the_object() -> None:
    from tape.integrations import core

    seen = tape.Reconciled(observed_by="connector", external_ref="r-1", observation={"count": 1})
    assert core.for_model(seen) == {
        "tape:reconciled": True,
        "observed_by": "connector",
        "external_ref": "r-1",
        "observation": {"count": 1},
    }
    assert core.for_model({"order_id": "O-1"}) == {"order_id": "O-1"}
