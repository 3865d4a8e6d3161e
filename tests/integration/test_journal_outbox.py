"""Outbox dispatch: listing, claims and their expiry, attempts, observations (both backends)."""

from __future__ import annotations

from typing import Any

import pytest

from tape import DispatchMode, EffectResolution, EffectSemantics, EffectStatus, Journal, RunStatus
from tape.errors import EffectNotFound, IllegalTransition
from tests.support.clock import FakeClock
from tests.support.runs import new_run

# The journal contract, on every backend, and through a tape server (tape://).
pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def outbox(j: Any, run_id: str, tool: str = "wire", *, idempotent: bool = False, **kw: Any) -> Any:
    kw.setdefault("connector", "bank")
    return j.begin_effect(
        run_id=run_id,
        decision_index=kw.pop("index", 0),
        tool_name=tool,
        semantics=EffectSemantics.IDEMPOTENT if idempotent else EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        **kw,
    )


def keys(records: list[Any]) -> list[str]:
    return [r.idempotency_key for r in records]


def transitions(j: Any, run_id: str) -> list[str]:
    return [
        r.payload.get("transition", "")
        for r in j.read_journal(run_id=run_id, kind="effect", limit=10_000)
    ]


def test_list_effects_to_dispatch(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    a = outbox(tj, run_id, "a").idempotency_key
    clock.advance(1)
    b = outbox(tj, run_id, "b", connector="mail", idempotent=True).idempotency_key
    inline = tj.begin_effect(run_id=run_id, decision_index=0, tool_name="inline")
    done = outbox(tj, run_id, "done").idempotency_key
    tj.complete_effect(run_id=run_id, idempotency_key=done, status="confirmed")
    later = outbox(tj, run_id, "later").idempotency_key
    tj.claim_effect_dispatch(run_id=run_id, idempotency_key=later, claimer="d")
    tj.record_dispatch_attempt(
        run_id=run_id, idempotency_key=later, error="503", next_dispatch_at_ms=clock.now + 10_000
    )
    listed = keys(tj.list_effects_to_dispatch())
    assert listed == [a, b]
    assert inline.idempotency_key not in listed
    assert keys(tj.list_effects_to_dispatch(connector="mail")) == [b]
    assert keys(tj.list_effects_to_dispatch(connector="bank")) == [a]
    assert keys(tj.list_effects_to_dispatch(connector="nobody")) == []
    assert keys(tj.list_effects_to_dispatch(limit=1)) == [a]
    assert later in keys(tj.list_effects_to_dispatch(now_ms=clock.now + 10_000))


def test_claims(tj: Journal, clock: FakeClock) -> None:
    # -- one claimer wins; the loser sees the winner
    run_id = new_run(tj)
    key = outbox(tj, run_id).idempotency_key
    won = tj.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="alpha")
    lost = tj.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="beta")
    assert (won.acquired, lost.acquired) == (True, False)
    assert won.effect.dispatch_claimed_by == lost.effect.dispatch_claimed_by == "alpha"
    assert lost.effect.dispatch_attempts == 1
    assert won.effect.dispatch_claim_expires_at_ms > won.effect.last_dispatch_at_ms > 0
    assert key not in keys(tj.list_effects_to_dispatch())
    stored = tj.get_effect(run_id=run_id, idempotency_key=key)
    assert stored is not None and stored.dispatch_attempts == 1
    with pytest.raises(EffectNotFound):
        tj.claim_effect_dispatch(run_id=run_id, idempotency_key="nope", claimer="alpha")

    # -- an expired claim of an IDEMPOTENT effect can be taken over
    run_id = new_run(tj)
    key = outbox(tj, run_id, idempotent=True).idempotency_key
    assert tj.claim_effect_dispatch(
        run_id=run_id, idempotency_key=key, claimer="a", lease_ttl_ms=1_000
    ).acquired
    assert not tj.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="b").acquired
    clock.advance(1_000)
    assert key in keys(tj.list_effects_to_dispatch())
    again = tj.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="b")
    assert again.acquired
    assert again.effect.dispatch_claimed_by == "b"
    assert again.effect.dispatch_attempts == 2
    assert tj.expire_dispatch_claims() == []  # idempotent effects are not turned UNKNOWN


def test_expired_claim_of_non_idempotent_effect_goes_unknown(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    key = outbox(tj, run_id).idempotency_key
    tj.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="a", lease_ttl_ms=1_000)
    assert tj.expire_dispatch_claims() == []  # claim still live
    clock.advance(1_000)
    assert key not in keys(tj.list_effects_to_dispatch())
    assert not tj.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="b").acquired
    assert tj.claim_effects_to_dispatch(claimer="b") == []
    expired = tj.expire_dispatch_claims()
    assert keys(expired) == [key]
    assert expired[0].status == EffectStatus.UNKNOWN
    assert transitions(tj, run_id)[-1] == "dispatch-claim-expired"
    assert tj.expire_dispatch_claims() == []
    assert key not in keys(tj.list_effects_to_dispatch(now_ms=clock.now + 10**9))
    assert key in keys(tj.list_pending_effects(include_unknown=True))
    # another dispatcher cannot confirm it; the first claimer's late answer lands
    with pytest.raises(IllegalTransition):
        tj.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed", claimer="b")
    late = tj.complete_effect(
        run_id=run_id,
        idempotency_key=key,
        status="confirmed",
        claimer="a",
        response_json={"wire_id": "w1"},
    )
    assert late.status == EffectStatus.CONFIRMED
    assert late.response == {"wire_id": "w1"}
    assert late.dispatch_claimed_by == ""


def test_claim_effects_to_dispatch_batch(journal: Any) -> None:
    run_id = new_run(journal)
    made = {outbox(journal, run_id, f"t{i}").idempotency_key for i in range(3)}
    outbox(journal, run_id, "mail", connector="mail")
    first = journal.claim_effects_to_dispatch(claimer="a", limit=2, connector="bank")
    second = journal.claim_effects_to_dispatch(claimer="b", limit=10, connector="bank")
    third = journal.claim_effects_to_dispatch(claimer="c", limit=10, connector="bank")
    assert len(first) == 2 and len(second) == 1 and third == []
    assert set(keys(first)) | set(keys(second)) == made
    assert {e.dispatch_claimed_by for e in first} == {"a"}
    assert {e.dispatch_claimed_by for e in second} == {"b"}
    assert all(e.dispatch_attempts == 1 for e in first + second)
    assert keys(journal.list_effects_to_dispatch()) == [f"{run_id}/decision-0/mail/0"]


def test_record_dispatch_attempt(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    lost = outbox(tj, run_id, "lost").idempotency_key
    tj.claim_effect_dispatch(run_id=run_id, idempotency_key=lost, claimer="d")
    unknown = tj.record_dispatch_attempt(
        run_id=run_id, idempotency_key=lost, error="timeout", next_dispatch_at_ms=0, claimer="d"
    )
    assert unknown.status == EffectStatus.UNKNOWN
    assert (unknown.next_dispatch_at_ms, unknown.dispatch_claimed_by) == (0, "")
    assert unknown.last_dispatch_error == "timeout"
    assert transitions(tj, run_id)[-1] == "dispatch-unknown"
    assert lost not in keys(tj.list_effects_to_dispatch(now_ms=clock.now + 10**9))

    retry = outbox(tj, run_id, "retry").idempotency_key
    tj.claim_effect_dispatch(run_id=run_id, idempotency_key=retry, claimer="d")
    due = clock.now + 2_000
    pending = tj.record_dispatch_attempt(
        run_id=run_id, idempotency_key=retry, error={"code": 503}, next_dispatch_at_ms=due
    )
    assert pending.status == EffectStatus.PENDING
    assert (pending.next_dispatch_at_ms, pending.dispatch_attempts) == (due, 1)
    assert transitions(tj, run_id)[-1] == "dispatch-retry-scheduled"
    assert retry not in keys(tj.list_effects_to_dispatch())
    clock.advance(1_999)
    assert retry not in keys(tj.list_effects_to_dispatch())
    clock.advance(1)
    assert keys(tj.list_effects_to_dispatch()) == [retry]
    # the wrong claimer, or an effect that is no longer PENDING, is refused
    tj.claim_effect_dispatch(run_id=run_id, idempotency_key=retry, claimer="d2")
    with pytest.raises(IllegalTransition):
        tj.record_dispatch_attempt(
            run_id=run_id, idempotency_key=retry, next_dispatch_at_ms=0, claimer="other"
        )
    with pytest.raises(IllegalTransition):
        tj.record_dispatch_attempt(run_id=run_id, idempotency_key=lost, next_dispatch_at_ms=0)


def unknown_effect(j: Any, run_id: str, tool: str, **kw: Any) -> Any:
    key = outbox(j, run_id, tool, **kw).idempotency_key
    j.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="d")
    return j.record_dispatch_attempt(
        run_id=run_id, idempotency_key=key, error="reset", next_dispatch_at_ms=0
    )


def test_observations_that_settle(journal: Any) -> None:
    # -- confirmed, failed, duplicate (+ an obligation for the extra)
    run_id = new_run(journal)
    ok = unknown_effect(journal, run_id, "ok").idempotency_key
    got = journal.record_external_observation(
        run_id=run_id, idempotency_key=ok, resolution="confirmed", external_ref="wire-1"
    )
    assert (got.status, got.external_ref) == (EffectStatus.CONFIRMED, "wire-1")
    assert transitions(journal, run_id)[-1] == "observed-confirmed"
    bad = unknown_effect(journal, run_id, "bad").idempotency_key
    got = journal.record_external_observation(
        run_id=run_id, idempotency_key=bad, resolution=EffectResolution.FAILED, error_json={"x": 1}
    )
    assert (got.status, got.error) == (EffectStatus.FAILED, {"x": 1})
    dup = unknown_effect(journal, run_id, "dup").idempotency_key
    got = journal.record_external_observation(
        run_id=run_id,
        idempotency_key=dup,
        resolution="duplicate",
        external_ref="wire-extra-12345",
        compensate_on_duplicate_kind="reverse_wire",
    )
    assert (got.status, got.external_ref) == (EffectStatus.CONFIRMED, "wire-extra-12345")
    owed = journal.list_obligations(run_id=run_id, only_unresolved=True)
    assert [(o.effect_key, o.kind) for o in owed] == [(dup, "reverse_wire")]
    assert owed[0].payload == {
        "reason": "duplicate-observed",
        "external_ref": "wire-extra-12345",
        "idempotency_key": dup,
    }
    assert owed[0] in journal.list_unresolved_obligations()

    # -- an observation never regresses a CONFIRMED effect
    run_id = new_run(journal)
    key = outbox(journal, run_id).idempotency_key
    done = journal.complete_effect(
        run_id=run_id, idempotency_key=key, status="confirmed", response_json={"w": 1}
    )
    before = journal.read_journal(limit=10_000)
    for resolution in ("failed", "absent", "stuck"):
        with pytest.raises(IllegalTransition) as info:
            journal.record_external_observation(
                run_id=run_id, idempotency_key=key, resolution=resolution
            )
        assert info.value.current.status == EffectStatus.CONFIRMED
    same = journal.record_external_observation(
        run_id=run_id, idempotency_key=key, resolution="confirmed"
    )
    assert same == done
    assert journal.get_effect(run_id=run_id, idempotency_key=key) == done
    assert journal.read_journal(limit=10_000) == before
    assert journal.get_run(run_id=run_id).status == RunStatus.RUNNING
    with pytest.raises(EffectNotFound):
        journal.record_external_observation(
            run_id=run_id, idempotency_key="missing", resolution="confirmed"
        )


def test_observation_absent_waits_out_the_settle_window(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    eff = unknown_effect(tj, run_id, "wire", dispatch_timeout_ms=10_000)
    last = eff.last_dispatch_at_ms
    assert last > 0
    got = tj.record_external_observation(
        run_id=run_id,
        idempotency_key=eff.idempotency_key,
        resolution="absent",
        observed_by="connector",
    )
    assert got.status == EffectStatus.PENDING
    assert got.next_dispatch_at_ms > last + 10_000
    assert eff.idempotency_key not in keys(tj.list_effects_to_dispatch())
    assert eff.idempotency_key not in keys(tj.list_effects_to_dispatch(now_ms=last + 10_000))
    later = tj.list_effects_to_dispatch(now_ms=got.next_dispatch_at_ms)
    assert keys(later) == [eff.idempotency_key]
    # never dispatched: due again at once
    fresh = outbox(tj, run_id, "fresh").idempotency_key
    tj.complete_effect(run_id=run_id, idempotency_key=fresh, status="unknown")
    again = tj.record_external_observation(
        run_id=run_id, idempotency_key=fresh, resolution="absent", observed_by="status_check"
    )
    assert again.status == EffectStatus.PENDING
    assert again.next_dispatch_at_ms <= clock.now


def test_observation_stuck_keeps_unknown_and_parks_the_run(tj: Journal, clock: FakeClock) -> None:
    run_id = new_run(tj)
    key = unknown_effect(tj, run_id, "wire").idempotency_key
    got = tj.record_external_observation(
        run_id=run_id, idempotency_key=key, resolution="stuck", error_json={"why": "portal down"}
    )
    assert got.status == EffectStatus.UNKNOWN
    assert got.stuck is True
    assert got.next_reconcile_at_ms > clock.now
    assert got.reconcile_attempts == 1
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    assert transitions(tj, run_id)[-1] == "observed-stuck"
    assert key not in keys(tj.list_pending_effects(include_unknown=True, due_by_ms=clock.now))
    assert key in keys(tj.list_pending_effects(due_by_ms=got.next_reconcile_at_ms))
    second = tj.record_external_observation(run_id=run_id, idempotency_key=key, resolution="stuck")
    assert second.reconcile_attempts == 2
    assert second.next_reconcile_at_ms - clock.now > got.next_reconcile_at_ms - clock.now
    # a later conclusive observation settles it
    done = tj.record_external_observation(
        run_id=run_id, idempotency_key=key, resolution="confirmed"
    )
    assert (done.status, done.stuck) == (EffectStatus.CONFIRMED, False)
