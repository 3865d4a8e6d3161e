"""Inline effects owe their inverse too (issue 8, test 4), on Postgres and SQLite.

An agent makes an inline compensated call, an outbox one (dispatched by the real outbox pass)
and a second inline one, then fails. ``compensate_run`` undoes all three once, newest first;
the compensation pass (``reactors.compensate.run_once``) finishes a saga that stopped after
moving the run to COMPENSATING the same way. An inverse is owed only if the run is undone: the
pass never undoes the effects of a run that ended TERMINAL, or FAILED without compensation.
The obligation of an inline call commits with its confirmation, in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tape
from tape import EffectStatus, Journal, ObligationStatus, RunStatus, connectors, registry, runtime
from tape.config import Settings
from tape.connectors.log import LogConnector
from tape.reactors import compensate, outbox

LOG = "inline-compensation-log"
undone: list[tuple[str, dict[str, Any]]] = []
bodies: list[str] = []


def release_room(**payload: Any) -> dict[str, Any]:
    undone.append(("release_room", payload))
    return {"released": payload["room"]}


def refund_card(**payload: Any) -> dict[str, Any]:
    undone.append(("refund_card", payload))
    return {"refunded": payload["external_ref"]}


def cancel_seat(**payload: Any) -> dict[str, Any]:
    undone.append(("cancel_seat", payload))
    return {"cancelled": payload["seat"]}


@tape.effect(compensate=release_room)
def reserve_room(guest: str, nights: int = 1) -> dict[str, Any]:
    bodies.append("reserve_room")
    return {"room": f"room-{guest}"}


@tape.outbox_tool(connector=LOG, compensate=refund_card)
def charge_card(card: str, cents: int) -> dict[str, Any]:
    return {"card": card, "cents": cents}


@tape.effect(
    compensate=cancel_seat,
    compensation_payload=lambda arguments, result: {"seat": result["seat"]},
)
def book_seat(flight: str) -> dict[str, Any]:
    bodies.append("book_seat")
    return {"seat": f"{flight}-12A"}


# A tool's compensate= is registered, and its obligations kept, under the function's
# module:qualname.
ROOM, CARD, SEAT = (registry.ref_of(fn) for fn in (release_room, refund_card, cancel_seat))


@tape.agent(name="test-trip")
def trip(ctx: tape.RunContext, guest: str) -> None:
    reserve_room(guest, nights=2)
    charge_card("card-1", 500)  # parks until the outbox pass confirms it
    book_seat("TP100")
    raise RuntimeError("visa refused")  # a later step fails: the run must be undone


@tape.agent(name="test-one-room")
def one_room(ctx: tape.RunContext, guest: str) -> Any:
    return reserve_room(guest)


@pytest.fixture
def aj(journal_url: str, tmp_path: Path) -> Iterator[Journal]:
    """The journal (as the runtime journal, hints off) with the log connector registered."""
    saved = connectors.snapshot()
    connectors.register(LogConnector(path=str(tmp_path / "outbox.jsonl"), name=LOG))
    for name, fn in (
        ("release_room", release_room),
        ("refund_card", refund_card),
        ("cancel_seat", cancel_seat),
    ):
        registry.register_compensator(name, fn)
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    undone.clear()
    bodies.clear()
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))
    connectors.restore(saved)


def start(j: Journal, agent: tape.Agent[Any], **inputs: Any) -> str:
    return j.create_run(app_name=agent.name, invocation_id=tape.uuid(), input_json=inputs).run_id


def test_compensate_run_undoes_inline_and_outbox_effects_newest_first(aj: Journal) -> None:
    run_id = start(aj, trip, guest="ada")
    parked = trip.drive(run_id, journal=aj)
    charge_key = f"{run_id}/no-decision/charge_card/0"
    assert parked.waiting_on_gate == f"effect:{charge_key}"
    # The inline call's obligation committed with its confirmation, before anything else ran.
    (room_ob,) = aj.list_obligations(run_id=run_id)
    assert (room_ob.kind, room_ob.effect_key) == (
        ROOM,
        f"{run_id}/no-decision/reserve_room/0",
    )
    assert json.loads(room_ob.payload_json) == {"guest": "ada", "nights": 2, "room": "room-ada"}

    dispatched = outbox.run_once(aj, outbox.OutboxOptions(connector=LOG))
    assert [r["result"] for r in dispatched] == ["confirmed"]
    failed = trip.drive(run_id, journal=aj)
    assert failed.status == RunStatus.FAILED
    assert bodies == ["reserve_room", "book_seat"]  # replay short-circuited reserve_room
    assert {e.tool_name: e.status for e in aj.list_effects(run_id=run_id)} == {
        "reserve_room": EffectStatus.CONFIRMED,
        "charge_card": EffectStatus.CONFIRMED,
        "book_seat": EffectStatus.CONFIRMED,
    }

    detail = tape.compensate_run(aj, run_id)
    assert detail == {"compensated": [SEAT, CARD, ROOM], "stuck": []}
    charge = aj.get_effect(run_id=run_id, idempotency_key=charge_key)
    assert charge is not None
    assert undone == [
        ("cancel_seat", {"seat": "TP100-12A"}),
        ("refund_card", {"path": charge.response["path"], "external_ref": charge.external_ref}),
        ("release_room", {"guest": "ada", "nights": 2, "room": "room-ada"}),
    ]
    obligations = aj.list_obligations(run_id=run_id)
    assert [o.status for o in obligations] == [ObligationStatus.COMPENSATED] * 3
    assert aj.get_run(run_id=run_id).status == RunStatus.FAILED

    # Nothing is owed any more: neither the pass nor a second saga runs an inverse again.
    assert compensate.run_once(aj, compensate.CompensateOptions(claimer="drainer")) == []
    assert len(undone) == 3


def drain(j: Journal) -> list[tuple[str, str]]:
    rows = compensate.run_once(j, compensate.CompensateOptions(claimer="drainer"))
    return [(r["kind"], r["result"]) for r in rows]


def test_the_pass_never_undoes_a_run_that_ended_terminal(aj: Journal) -> None:
    run_id = start(aj, one_room, guest="bob")
    assert one_room.drive(run_id, journal=aj).status == RunStatus.TERMINAL
    (owed,) = aj.list_obligations(run_id=run_id, only_unresolved=True)
    assert (owed.status, owed.held) == (ObligationStatus.PENDING, True)
    assert aj.list_unresolved_obligations() == []  # held: not owed work, not a backlog

    assert owed.next_attempt_at_ms <= aj.database.now_ms()  # only "held" keeps the pass off
    for _ in range(5):  # beat after beat
        assert drain(aj) == []
    assert undone == []
    assert aj.list_obligations(run_id=run_id) == [owed]
    assert aj.get_run(run_id=run_id).status == RunStatus.TERMINAL
    with pytest.raises(tape.errors.IllegalTransition):  # a finished run is not undone
        tape.compensate_run(aj, run_id)
    assert drain(aj) == [] and undone == []


def failed_trip(j: Journal, guest: str) -> str:
    """A trip whose three compensated effects (inline, outbox, inline) confirmed; then FAILED."""
    run_id = start(j, trip, guest=guest)
    trip.drive(run_id, journal=j)
    assert [r["result"] for r in outbox.run_once(j, outbox.OutboxOptions(connector=LOG))] == [
        "confirmed"
    ]
    assert trip.drive(run_id, journal=j).status == RunStatus.FAILED
    return run_id


def test_a_run_that_failed_is_undone_only_by_compensate_run(aj: Journal) -> None:
    run_id = failed_trip(aj, "eve")
    assert [o.held for o in aj.list_obligations(run_id=run_id)] == [True] * 3
    for _ in range(3):
        assert drain(aj) == []
    assert undone == []

    detail = tape.compensate_run(aj, run_id)
    assert detail == {"compensated": [SEAT, CARD, ROOM], "stuck": []}
    assert [name for name, _ in undone] == ["cancel_seat", "refund_card", "release_room"]
    for _ in range(3):  # compensated once: no pass runs an inverse again
        assert drain(aj) == []
    assert len(undone) == 3
    assert aj.get_run(run_id=run_id).status == RunStatus.FAILED


def test_the_pass_finishes_a_compensate_run_that_stopped_part_way(aj: Journal) -> None:
    run_id = failed_trip(aj, "fay")
    # compensate_run's first step, then it died: the run is COMPENSATING, nothing undone yet.
    aj.end_run(run_id=run_id, status=RunStatus.COMPENSATING)
    (listed,) = {o.run_id for o in aj.list_unresolved_obligations()}
    assert listed == run_id  # being undone: its held obligations are owed work now

    assert drain(aj) == [
        (SEAT, "compensated"),
        (CARD, "compensated"),
        (ROOM, "compensated"),
    ]
    assert [name for name, _ in undone] == ["cancel_seat", "refund_card", "release_room"]
    run = aj.get_run(run_id=run_id)
    assert run.status == RunStatus.FAILED  # ended as the saga would have
    assert json.loads(run.detail_json) == {
        "compensated": [SEAT, CARD, ROOM],
        "stuck": [],
        "settled_by": "compensation-pass",
    }
    assert drain(aj) == [] and len(undone) == 3


def test_confirmation_and_obligation_commit_together(aj: Journal) -> None:
    """One journal transaction: the effect's ``confirmed`` row and the ``registered`` row are
    consecutive in the run's journal, and a second completion registers nothing more."""
    run_id = start(aj, one_room, guest="cy")
    effect = aj.begin_effect(
        run_id=run_id, decision_index=-1, tool_name="reserve_room", compensate_kind="release_room"
    )
    done = aj.complete_effect(
        run_id=run_id,
        idempotency_key=effect.idempotency_key,
        status=EffectStatus.CONFIRMED,
        response_json={"room": "r"},
        compensation_payload_json={"room": "r"},
    )
    again = aj.complete_effect(
        run_id=run_id,
        idempotency_key=effect.idempotency_key,
        status=EffectStatus.CONFIRMED,
        compensation_payload_json={"room": "other"},
    )
    assert again.status == done.status == EffectStatus.CONFIRMED
    rows = [(e.kind, e.payload.get("transition")) for e in aj.read_journal(run_id=run_id)]
    assert rows[-2:] == [("effect", "completed"), ("obligation", "registered")]
    (ob,) = aj.list_obligations(run_id=run_id)
    assert json.loads(ob.payload_json) == {"room": "r"}
    seqs = [e.seq for e in aj.read_journal(run_id=run_id)]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))


def test_failed_or_unknown_inline_effects_owe_nothing(aj: Journal) -> None:
    @tape.effect(compensate=release_room)
    def lose_ack(guest: str) -> None:
        raise tape.AckLost("reply lost")

    @tape.agent(name="test-lost-ack")
    def lost(ctx: tape.RunContext) -> None:
        lose_ack("dee")

    run = lost.drive(start(aj, lost), journal=aj)
    (effect,) = aj.list_effects(run_id=run.run_id)
    assert (effect.status, effect.compensate_kind) == (EffectStatus.UNKNOWN, ROOM)
    assert aj.list_obligations(run_id=run.run_id) == []
