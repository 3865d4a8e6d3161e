"""An inverse is owed only if its run is undone (both backends, the pass as beat runs it).

An effect confirmed in the normal course owes its inverse *held*: the compensation pass
(``reactors.compensate.run_once``) leaves it alone while the run goes on and after it ends,
and claims it only once the run is COMPENSATING (``compensate_run``, or one that stopped
part-way). A duplicate observation's extra and an operator's ``--compensate`` are due at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tape import (
    EffectRecord,
    Journal,
    ObligationRecord,
    ObligationStatus,
    RunStatus,
    compensate_run,
    registry,
)
from tape.reactors import compensate
from tests.support.clock import FakeClock
from tests.support.runs import lost_ack_effect

undone: list[dict[str, Any]] = []


@pytest.fixture(autouse=True)
def inverses() -> Iterator[None]:
    saved = registry.snapshot()
    registry.clear()
    registry.register_compensator("reverse_wire", lambda **p: undone.append(p) or {"ok": True})
    undone.clear()
    yield
    registry.restore(saved)


def new_run(j: Journal) -> str:
    return j.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id=uuid.uuid4().hex, lease_owner="w"
    ).run_id


def confirmed_wire(j: Journal, run_id: str, index: int, **owe: Any) -> ObligationRecord:
    """A wire confirmed in the normal course, owing its inverse (held unless ``due=True``)."""
    key = j.begin_effect(run_id=run_id, decision_index=index, tool_name="wire").idempotency_key
    j.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
    return j.register_compensation(
        run_id=run_id,
        effect_key=key,
        kind=owe.pop("kind", "reverse_wire"),
        payload_json={"n": index},
        **owe,
    )


def unknown_wire(j: Journal, run_id: str, index: int) -> EffectRecord:
    """An OUTBOX NON_IDEMPOTENT wire whose dispatch outcome was lost (UNKNOWN)."""
    effect: EffectRecord = lost_ack_effect(
        j, run_id, index, tool="wire", request_json={}, compensate_kind="reverse_wire"
    )
    return effect


def drain(j: Journal) -> list[tuple[int, str]]:
    rows = compensate.run_once(
        j, compensate.CompensateOptions(claimer="beat", backoff_base_ms=1000)
    )
    return [(r["obligation_seq"], r["result"]) for r in rows]


def passes_find_nothing(j: Journal, clock: FakeClock, times: int = 5) -> None:
    for _ in range(times):  # beat after beat, long past any backoff
        assert drain(j) == []
        clock.advance(60_000)


def test_a_terminal_run_is_never_compensated(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    owed = confirmed_wire(tj, run_id, 0)
    assert (owed.status, owed.held) == (ObligationStatus.PENDING, True)
    passes_find_nothing(tj, clock)  # the run goes on: nothing is owed yet
    tj.end_run(run_id=run_id, status=RunStatus.TERMINAL)
    passes_find_nothing(tj, clock)
    assert undone == []
    assert tj.list_unresolved_obligations() == []  # held: not a backlog for status/doctor
    (still,) = tj.list_obligations(run_id=run_id)
    assert (still.status, still.held, still.attempts) == (ObligationStatus.PENDING, True, 0)
    registered = [e.payload for e in tj.read_journal(run_id=run_id, kind="obligation")]
    assert [(p["transition"], p["held"]) for p in registered] == [("registered", True)]


@pytest.mark.parametrize("end", [RunStatus.FAILED, RunStatus.CANCELLED])
def test_a_run_that_ends_without_compensate_run_is_not_undone(
    tj: Journal, clock: FakeClock, end: RunStatus
) -> None:
    run_id = new_run(tj)
    confirmed_wire(tj, run_id, 0)
    tj.end_run(run_id=run_id, status=end)
    passes_find_nothing(tj, clock)
    assert undone == []


def test_compensate_run_undoes_it_once(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    first, second = confirmed_wire(tj, run_id, 0), confirmed_wire(tj, run_id, 1)
    passes_find_nothing(tj, clock, times=2)
    assert compensate_run(tj, run_id) == {
        "compensated": ["reverse_wire", "reverse_wire"],
        "stuck": [],
    }
    assert undone == [{"n": 1}, {"n": 0}]  # newest first
    assert tj.get_run(run_id=run_id).status == RunStatus.FAILED
    passes_find_nothing(tj, clock)
    assert len(undone) == 2
    statuses = {o.seq: o.status for o in tj.list_obligations(run_id=run_id)}
    assert statuses == {
        first.seq: ObligationStatus.COMPENSATED,
        second.seq: ObligationStatus.COMPENSATED,
    }


def test_a_duplicates_extra_is_drained_at_once(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    wire = unknown_wire(tj, run_id, 0)
    tj.record_external_observation(
        run_id=run_id,
        idempotency_key=wire.idempotency_key,
        resolution="duplicate",
        external_ref="wire-2",
        compensate_on_duplicate_kind="reverse_wire",
    )
    (extra,) = tj.list_obligations(run_id=run_id)
    assert not extra.held
    tj.end_run(run_id=run_id, status=RunStatus.TERMINAL)  # the run's success does not excuse it
    assert drain(tj) == [(extra.seq, "compensated")]
    assert undone == [
        {
            "reason": "duplicate-observed",
            "external_ref": "wire-2",
            "idempotency_key": wire.idempotency_key,
        }
    ]
    passes_find_nothing(tj, clock)
    assert len(undone) == 1


def test_an_operators_compensate_is_drained_at_once(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    wire = unknown_wire(tj, run_id, 0)
    tj.record_external_observation(
        run_id=run_id, idempotency_key=wire.idempotency_key, resolution="stuck"
    )
    tj.resolve_effect(
        run_id=run_id, idempotency_key=wire.idempotency_key, action="compensate", operator="alice"
    )
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE  # the run goes on
    (owed,) = tj.list_obligations(run_id=run_id)
    assert not owed.held
    assert drain(tj) == [(owed.seq, "compensated")]
    assert [p["reason"] for p in undone] == ["operator-compensate"]
    passes_find_nothing(tj, clock)
    assert len(undone) == 1


def test_the_pass_finishes_a_compensate_run_that_stopped_part_way(
    tj: Journal, clock: FakeClock
) -> None:
    run_id = new_run(tj)
    confirmed_wire(tj, run_id, 0)
    nobody = confirmed_wire(tj, run_id, 1, kind="nobody_knows")
    newest = confirmed_wire(tj, run_id, 2)
    # compensate_run's first step (its own end_run), then it died before undoing anything.
    tj.end_run(run_id=run_id, status=RunStatus.COMPENSATING)
    results = drain(tj)
    assert [r for _, r in results] == ["compensated", "stuck", "compensated"]
    assert [seq for seq, _ in results][:2] == [newest.seq, nobody.seq]  # newest first
    assert undone == [{"n": 2}, {"n": 0}]
    run = tj.get_run(run_id=run_id)
    assert run.status == RunStatus.STUCK  # as the saga would have ended it: an inverse is missing
    assert run.detail == {
        "compensated": ["reverse_wire", "reverse_wire"],
        "stuck": ["nobody_knows"],
        "settled_by": "compensation-pass",
    }
    passes_find_nothing(tj, clock)
    assert len(undone) == 2


def test_an_inverse_once_begun_stays_due(tj: Journal, clock: FakeClock) -> None:
    """A retry backing off when the run leaves COMPENSATING is still retried."""
    calls: list[int] = []

    def flaky(**payload: Any) -> dict[str, bool]:
        calls.append(payload["n"])
        if len(calls) == 1:
            raise ConnectionError("bank down")
        return {"ok": True}

    registry.register_compensator("flaky_reverse", flaky)
    run_id = new_run(tj)
    ob = confirmed_wire(tj, run_id, 0, kind="flaky_reverse")
    tj.end_run(run_id=run_id, status=RunStatus.COMPENSATING)
    assert drain(tj) == [(ob.seq, "retry-scheduled")]
    tj.end_run(run_id=run_id, status=RunStatus.FAILED)  # whoever ended it, the retry is owed
    (backing_off,) = tj.list_obligations(run_id=run_id)
    assert (backing_off.status, backing_off.held) == (ObligationStatus.PENDING, False)
    clock.advance(1000)
    assert drain(tj) == [(ob.seq, "compensated")]
    assert calls == [0, 0]
    passes_find_nothing(tj, clock)


def test_what_a_compensating_run_comes_to_owe_is_due(tj: Journal) -> None:
    """An effect confirmed after its run began to be undone (a late outbox confirmation)."""
    run_id = new_run(tj)
    key = tj.begin_effect(run_id=run_id, decision_index=0, tool_name="wire").idempotency_key
    tj.end_run(run_id=run_id, status=RunStatus.COMPENSATING)
    tj.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
    late = tj.register_compensation(run_id=run_id, effect_key=key, kind="reverse_wire")
    assert not late.held
    tj.end_run(run_id=run_id, status=RunStatus.FAILED)
    assert drain(tj) == [(late.seq, "compensated")]


def test_the_pass_ends_a_saga_that_stopped_after_its_last_inverse(tj: Journal) -> None:
    """Nothing left to drain, the run still COMPENSATING: the pass ends it; one with nothing
    owed at all too. A run that still owes something is left to the drain."""
    run_id = new_run(tj)
    ob = confirmed_wire(tj, run_id, 0)
    tj.end_run(run_id=run_id, status=RunStatus.COMPENSATING)
    tj.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="saga")
    tj.resolve_obligation(
        run_id=run_id, obligation_seq=ob.seq, status=ObligationStatus.COMPENSATED
    )  # ... and the saga died before its end_run
    empty = new_run(tj)
    tj.end_run(run_id=empty, status=RunStatus.COMPENSATING)
    owing = new_run(tj)
    in_flight = confirmed_wire(tj, owing, 0, kind="nobody_knows")
    tj.end_run(run_id=owing, status=RunStatus.COMPENSATING)
    tj.claim_obligation(run_id=owing, obligation_seq=in_flight.seq, claimer="elsewhere")

    assert drain(tj) == []
    assert tj.get_run(run_id=run_id).status == RunStatus.FAILED
    assert tj.get_run(run_id=run_id).detail == {
        "compensated": ["reverse_wire"],
        "stuck": [],
        "settled_by": "compensation-pass",
    }
    assert tj.get_run(run_id=empty).status == RunStatus.FAILED
    assert tj.get_run(run_id=owing).status == RunStatus.COMPENSATING
    assert undone == []


def test_only_the_run_being_undone_owes_its_inverses(tj: Journal) -> None:
    """The status that makes a held obligation due is its own run's, not any run's."""
    kept, undoing = new_run(tj), new_run(tj)
    confirmed_wire(tj, kept, 0)
    tj.end_run(run_id=kept, status=RunStatus.TERMINAL)
    owed = confirmed_wire(tj, undoing, 0)
    tj.end_run(run_id=undoing, status=RunStatus.COMPENSATING)
    assert [o.run_id for o in tj.list_unresolved_obligations()] == [undoing]
    assert drain(tj) == [(owed.seq, "compensated")]
    assert undone == [{"n": 0}]
    (still,) = tj.list_obligations(run_id=kept)
    assert (still.status, still.held) == (ObligationStatus.PENDING, True)


@pytest.mark.parametrize("how", ["observed", "operator"])
def test_a_wire_confirmed_after_its_ack_was_lost_is_owed_too(
    tj: Journal, clock: FakeClock, how: str
) -> None:
    """Confirmed by a look at the upstream or by an operator, not by the dispatcher: its
    inverse is held all the same, so undoing the run reverses it."""
    run_id = new_run(tj)
    wire = unknown_wire(tj, run_id, 0)
    key = wire.idempotency_key
    if how == "observed":
        tj.record_external_observation(
            run_id=run_id,
            idempotency_key=key,
            resolution="confirmed",
            external_ref="wire-1",
            response_json={"amount": 10},
            observed_by="connector",
        )
    else:
        tj.record_external_observation(run_id=run_id, idempotency_key=key, resolution="stuck")
        tj.resolve_effect(run_id=run_id, idempotency_key=key, action="confirm", operator="alice")
    (owed,) = tj.list_obligations(run_id=run_id)
    assert (owed.kind, owed.status, owed.held) == ("reverse_wire", ObligationStatus.PENDING, True)
    passes_find_nothing(tj, clock)
    assert compensate_run(tj, run_id) == {"compensated": ["reverse_wire"], "stuck": []}
    expected = (
        {"amount": 10, "external_ref": "wire-1", "reason": "observed-confirmed"}
        if how == "observed"
        else {
            "external_ref": "",
            "reason": "operator-confirmed",
            "operator": "alice",
            "idempotency_key": key,
        }
    )
    assert undone == [expected]
