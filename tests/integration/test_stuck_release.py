"""A STUCK run goes on by itself once what held it is settled (no lost wakeups).

A run goes STUCK when the reconciler cannot know an effect's outcome (or a compensation leaves
an obligation STUCK). When a later re-observation settles the effect, or an operator resolves
the last STUCK obligation, the run is released in that same transaction (RUNNABLE, or FAILED
once it has compensated), so it never waits for something that already happened. In-process
against a real HTTP upstream (FakeUpstream) whose lookup answer the test changes; both
backends, a fake clock to step past the stuck backoff.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import text

import tape
from tape import (
    EffectRecord,
    EffectSemantics,
    EffectStatus,
    Journal,
    ObligationStatus,
    RunStatus,
    errors,
    registry,
    runtime,
)
from tape import connectors as connector_registry
from tape.config import Settings
from tape.reactors import compensate, outbox, reconcile, recover
from tape.store.dispatch import STUCK_BACKOFF_BASE_MS
from tape.testing import FakeUpstream
from tests.support.clock import FakeClock
from tests.support.runs import lost_ack_effect

LOOKUP = "/wires/lookup"


@pytest.fixture
def bank(journal_url: str) -> Iterator[FakeUpstream]:
    saved, saved_connectors = registry.snapshot(), connector_registry.snapshot()
    connector_registry.clear()
    registry.clear()
    # Agents driven here enqueue through the runtime: no Celery hints from a test process.
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    with FakeUpstream() as upstream:
        connector_registry.register(upstream.http_connector("bank.wire", timeout_s=5))
        yield upstream
    runtime.configure(Settings(dispatch_hints=False))
    connector_registry.restore(saved_connectors)
    registry.restore(saved)


def new_run(j: Journal) -> str:
    return j.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id=uuid.uuid4().hex, lease_owner="w"
    ).run_id


def unknown_effect(
    j: Journal, run_id: str, index: int = 0, *, non_idempotent: bool = True, **kw: Any
) -> EffectRecord:
    """An OUTBOX effect to the bank whose dispatch outcome was lost."""
    semantics = EffectSemantics.NON_IDEMPOTENT if non_idempotent else EffectSemantics.IDEMPOTENT
    effect: EffectRecord = lost_ack_effect(j, run_id, index, semantics=semantics, **kw)
    return effect


def book(bank: FakeUpstream, key: str) -> None:
    """The bank books a wire under this Idempotency-Key (the lost call had landed)."""
    requests.post(f"{bank.url}/wires", headers={"Idempotency-Key": key}, json={}, timeout=5)


def observe_stuck(j: Journal, bank: FakeUpstream, *keys: str) -> None:
    """One reconcile pass while the bank's lookup is down for ``keys``: they go stuck."""
    for key in keys:
        bank.respond(503, {"error": "lookup down"}, path=LOOKUP, key=key)
    results = reconcile.run_once(j)
    assert sorted(r["idempotency_key"] for r in results if r.get("stuck")) == sorted(keys)


def effect_of(j: Journal, e: EffectRecord) -> EffectRecord:
    got = j.get_effect(run_id=e.run_id, idempotency_key=e.idempotency_key)
    assert got is not None
    return got


def run_rows(j: Journal, run_id: str) -> list[tape.JournalEntry]:
    return j.read_journal(run_id=run_id, limit=10_000)


def assert_one_transaction(j: Journal, rows: list[tape.JournalEntry]) -> None:
    """The rows are consecutive (per run and globally) and were written by one transaction."""
    seqs = [r.seq for r in rows]
    assert seqs == list(range(seqs[0], seqs[0] + len(rows))), seqs
    globals_ = [r.global_seq for r in rows]
    assert globals_ == list(range(globals_[0], globals_[0] + len(rows))), globals_
    if j.database.is_postgres:
        with j.database.read() as conn:
            writers = conn.execute(
                text("SELECT DISTINCT xmin::text FROM tape_journal WHERE global_seq = ANY(:g)"),
                {"g": globals_},
            ).all()
        assert len(writers) == 1, writers


# ---- a later observation settles the stuck effect ---------------------------------------------


@pytest.mark.parametrize(
    ("upstream", "non_idempotent", "landed"),
    [
        ("confirmed", True, EffectStatus.CONFIRMED),
        ("duplicate", True, EffectStatus.CONFIRMED),
        ("failed", True, EffectStatus.FAILED),
        ("absent", True, EffectStatus.PENDING),  # seen absent at the bank: dispatch again
        ("absent", False, EffectStatus.PENDING),
    ],
)
def test_a_later_observation_that_settles_the_stuck_effect_releases_its_run(
    tj: Journal,
    bank: FakeUpstream,
    clock: FakeClock,
    upstream: str,
    non_idempotent: bool,
    landed: EffectStatus,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id, non_idempotent=non_idempotent, compensate_kind="reverse")
    observe_stuck(tj, bank, effect.idempotency_key)
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    assert reconcile.run_once(tj) == []  # backing off

    if upstream in ("confirmed", "duplicate"):
        book(bank, effect.idempotency_key)
    if upstream == "duplicate":
        book(bank, effect.idempotency_key)
    if upstream == "failed":
        bank.respond(200, {"status": "failed"}, path=LOOKUP, key=effect.idempotency_key)
    before = run_rows(tj, run_id)[-1].seq
    clock.advance(STUCK_BACKOFF_BASE_MS)

    with caplog.at_level(logging.WARNING, logger="tape.reactors.reconcile"):
        (row,) = reconcile.run_once(tj)

    assert (row["observed"], row["observed_by"]) == (upstream, "connector")
    (told,) = [r for r in caplog.records if getattr(r, "action", "") == "effect-unstuck"]
    assert (told.run_id, told.effect_key) == (run_id, effect.idempotency_key)  # type: ignore[attr-defined]
    assert effect_of(tj, effect).status == landed
    assert effect_of(tj, effect).stuck_at_ms == 0
    run = tj.get_run(run_id=run_id)
    assert run.status == RunStatus.RUNNABLE
    assert run_id in {r.run_id for r in tj.list_runs_to_recover()}  # recovery re-drives it
    written = [r for r in run_rows(tj, run_id) if r.seq > before]
    # A confirmation owes the inverse held (if the run is undone), a duplicate's extra now.
    owes = upstream in ("confirmed", "duplicate")
    expected = ["effect", "obligation", "run"] if owes else ["effect", "run"]
    assert [r.kind for r in written] == expected
    assert written[0].payload["transition"] == f"observed-{upstream}"
    released = written[-1].payload
    assert released["status"] == "runnable"
    assert released["detail"] == {
        "reason": "its stuck effect was observed settled",
        "effect_key": effect.idempotency_key,
        "observed": upstream,
        "observed_by": "connector",
        "released_by": "reconciler",
    }
    assert "operator" not in released
    assert_one_transaction(tj, written)


def test_the_run_goes_on_only_when_its_last_stuck_effect_settles(
    tj: Journal, bank: FakeUpstream, clock: FakeClock
) -> None:
    run_id = new_run(tj)
    first, second = unknown_effect(tj, run_id, 0), unknown_effect(tj, run_id, 1)
    observe_stuck(tj, bank, first.idempotency_key, second.idempotency_key)
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK

    book(bank, first.idempotency_key)
    bank.respond(503, {"error": "still down"}, path=LOOKUP, key=second.idempotency_key)
    clock.advance(STUCK_BACKOFF_BASE_MS)
    rows = {r["idempotency_key"]: r for r in reconcile.run_once(tj)}
    assert rows[first.idempotency_key]["result"] == "confirmed"
    assert rows[second.idempotency_key]["stuck"] is True
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK  # the second one still holds it
    assert not [r for r in run_rows(tj, run_id) if r.payload.get("status") == "runnable"]

    book(bank, second.idempotency_key)
    clock.advance(2 * STUCK_BACKOFF_BASE_MS)  # its second stuck look backs off twice as long
    (row,) = reconcile.run_once(tj)
    assert row["result"] == "confirmed"
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
    last_two = run_rows(tj, run_id)[-2:]
    assert [r.kind for r in last_two] == ["effect", "run"]
    assert last_two[1].payload["detail"]["effect_key"] == second.idempotency_key
    assert_one_transaction(tj, last_two)


def test_still_stuck_keeps_the_run_stuck(tj: Journal, bank: FakeUpstream, clock: FakeClock) -> None:
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id)
    observe_stuck(tj, bank, effect.idempotency_key)
    clock.advance(STUCK_BACKOFF_BASE_MS)
    observe_stuck(tj, bank, effect.idempotency_key)
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    assert effect_of(tj, effect).reconcile_attempts == 2


def test_an_effect_that_was_not_stuck_releases_nothing(tj: Journal, bank: FakeUpstream) -> None:
    """A run parked STUCK by its own code is not released by an unrelated effect settling."""
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id)
    tj.end_run(run_id=run_id, status=RunStatus.STUCK, detail_json={"why": "the agent said so"})
    book(bank, effect.idempotency_key)
    (row,) = reconcile.run_once(tj)
    assert row["result"] == "confirmed"
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK


def test_a_stuck_effect_reconciled_by_hand_releases_its_run(
    tj: Journal, bank: FakeUpstream
) -> None:
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id)
    observe_stuck(tj, bank, effect.idempotency_key)
    tj.reconcile_effect(
        run_id=run_id,
        idempotency_key=effect.idempotency_key,
        resolved_status=EffectStatus.CONFIRMED,
        operator="carol",
        note="on the statement",
    )
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
    released = run_rows(tj, run_id)[-1].payload
    assert (released["status"], released["operator"]) == ("runnable", "carol")
    assert released["detail"]["released_by"] == "carol"


def test_concurrent_settles_of_the_last_two_stuck_effects_release_the_run_once(
    tj: Journal, bank: FakeUpstream
) -> None:
    for _ in range(5):
        run_id = new_run(tj)
        effects = [unknown_effect(tj, run_id, i) for i in range(2)]
        observe_stuck(tj, bank, *(e.idempotency_key for e in effects))
        failures = settle_together(tj, effects)
        assert not failures, failures
        assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
        releases = [r for r in run_rows(tj, run_id) if r.payload.get("status") == "runnable"]
        assert len(releases) == 1, releases


def settle_together(j: Journal, effects: list[EffectRecord]) -> list[BaseException]:
    """Observe every effect confirmed at once, one thread each; returns what they raised."""
    start = threading.Barrier(len(effects))
    failures: list[BaseException] = []

    def settle(e: EffectRecord) -> None:
        try:
            start.wait(timeout=30)
            j.record_external_observation(
                run_id=e.run_id,
                idempotency_key=e.idempotency_key,
                resolution="confirmed",
                observed_by="connector",
            )
        except BaseException as exc:  # reported to the test, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=settle, args=(e,)) for e in effects]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a settle hung"
    return failures


# ---- the agent parked on the effect finishes by itself ----------------------------------------


@tape.outbox_tool(
    connector="bank.wire",
    semantics="non_idempotent",
    business_key=lambda account, amount: f"{account}:{amount}",
)
def send_wire(account: str, amount: int) -> dict[str, Any]:
    return {"account": account, "amount": amount}


@tape.agent(name="test-stuck-release")
def wirer(ctx: tape.RunContext, account: str) -> Any:
    return send_wire(account, amount=70)


def redrive_wirer(j: Journal) -> list[dict[str, Any]]:
    """One recovery pass that re-drives runs in this process (not via Celery)."""

    def redrive(journal: Journal, run: tape.RunState, owner: str) -> None:
        wirer.drive(run.run_id, journal=journal, lease_epoch=run.lease_epoch, takeover_from=owner)

    previous = recover.set_redrive(redrive)
    try:
        return recover.run_once(j)
    finally:
        recover.set_redrive(previous)


@pytest.mark.parametrize("landed", [True, False], ids=["booked", "never-landed"])
def test_an_agent_parked_on_a_stuck_effect_finishes_once_it_is_observed(
    tj: Journal, bank: FakeUpstream, clock: FakeClock, landed: bool
) -> None:
    run_id = tj.create_run(
        app_name=wirer.name, invocation_id=tape.uuid(), input_json={"account": "acc-9"}
    ).run_id
    parked = wirer.drive(run_id, journal=tj)
    key = f"{run_id}/no-decision/send_wire/0"
    assert (parked.status, parked.waiting_on_gate) == (RunStatus.WAITING, f"effect:{key}")

    # The ack is lost (a 5xx), after the bank booked the wire or before: UNKNOWN either way.
    bank.respond(503, {"error": "ack lost"}, path="/wires", commit=landed)
    outbox.run_once(tj, outbox.OutboxOptions(connector="bank.wire"))
    effect = tj.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.status == EffectStatus.UNKNOWN
    observe_stuck(tj, bank, key)
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    assert run_id not in {r.run_id for r in tj.list_runs_to_recover()}

    clock.advance(STUCK_BACKOFF_BASE_MS)
    (row,) = reconcile.run_once(tj)  # the lookup works again
    assert row["result"] == ("confirmed" if landed else "pending")
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE

    rows = redrive_wirer(tj)
    assert [r["result"] for r in rows if r["run_id"] == run_id] == ["redriven"]
    if not landed:
        # Seen absent: the replay parks on the effect again, and the outbox's send (after
        # the settle window) releases it; no park is left waiting for nothing.
        again = tj.get_run(run_id=run_id)
        assert (again.status, again.waiting_on_gate) == (RunStatus.WAITING, f"effect:{key}")
        pending = tj.get_effect(run_id=run_id, idempotency_key=key)
        assert pending is not None and pending.status == EffectStatus.PENDING
        clock.now = max(clock.now, pending.next_dispatch_at_ms)
        (sent,) = outbox.run_once(tj, outbox.OutboxOptions(connector="bank.wire"))
        assert sent["result"] == "confirmed", sent
        assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
        rows = redrive_wirer(tj)
        assert [r["result"] for r in rows if r["run_id"] == run_id] == ["redriven"]
    done = tj.get_run(run_id=run_id)
    assert done.status == RunStatus.TERMINAL
    confirmed = tj.get_effect(run_id=run_id, idempotency_key=key)
    assert confirmed is not None and confirmed.status == EffectStatus.CONFIRMED
    assert done.detail == {"result": confirmed.response}
    assert bank.count(key) == 1  # booked once, never sent again on a guess


# ---- a STUCK obligation resolved by an operator ------------------------------------------------


def stuck_obligation(j: Journal, run_id: str, effect: EffectRecord) -> int:
    ob = j.register_compensation(
        run_id=run_id, effect_key=effect.idempotency_key, kind="reverse", payload_json={}, due=True
    )
    claim = j.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="d", lease_ttl_ms=9)
    assert claim.acquired
    stuck = j.record_obligation_attempt(
        run_id=run_id, obligation_seq=ob.seq, error="no", next_attempt_at_ms=0, claimer="d"
    )
    assert stuck.status == ObligationStatus.STUCK
    return ob.seq


def test_a_stuck_obligation_holds_the_run_until_an_operator_resolves_it(
    tj: Journal, bank: FakeUpstream
) -> None:
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id)
    observe_stuck(tj, bank, effect.idempotency_key)
    seq = stuck_obligation(tj, run_id, unknown_effect(tj, run_id, 1, non_idempotent=False))

    tj.resolve_effect(
        run_id=run_id, idempotency_key=effect.idempotency_key, action="confirm", operator="alice"
    )
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK  # the obligation holds it
    tj.resolve_obligation(
        run_id=run_id, obligation_seq=seq, status=ObligationStatus.STUCK, operator="bob"
    )
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK  # parked again: still held

    before = run_rows(tj, run_id)[-1].seq
    resolved = tj.resolve_obligation(
        run_id=run_id,
        obligation_seq=seq,
        status=ObligationStatus.COMPENSATED,
        operator="bob",
        note="reversed by hand",
    )
    assert resolved.status == ObligationStatus.COMPENSATED
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
    written = [r for r in run_rows(tj, run_id) if r.seq > before]
    assert [r.kind for r in written] == ["obligation", "run"]
    released = written[1].payload
    assert (released["status"], released["operator"], released["note"]) == (
        "runnable",
        "bob",
        "reversed by hand",
    )
    assert released["detail"] == {
        "reason": "stuck obligation resolved",
        "obligation_seq": seq,
        "released_by": "bob",
    }
    assert_one_transaction(tj, written)


def test_a_stuck_compensation_resolved_by_an_operator_ends_the_run_failed(
    tj: Journal, bank: FakeUpstream
) -> None:
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id, non_idempotent=False)
    tj.record_external_observation(
        run_id=run_id, idempotency_key=effect.idempotency_key, resolution="confirmed"
    )
    ob = tj.register_compensation(
        run_id=run_id, effect_key=effect.idempotency_key, kind="nobody-undoes-this"
    )
    bank.respond(500, {"error": "reversals are down"}, path="/wires/reverse", times=None)
    with pytest.raises(errors.CompensationStuck):
        compensate.compensate_run(tj, run_id)
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK

    tj.resolve_obligation(
        run_id=run_id, obligation_seq=ob.seq, status=ObligationStatus.COMPENSATED, operator="bob"
    )
    # It was being undone: it ends as the finished compensation would have, never re-driven.
    run = tj.get_run(run_id=run_id)
    assert run.status == RunStatus.FAILED
    assert run.detail["released_by"] == "bob"
    assert run_id not in {r.run_id for r in tj.list_runs_to_recover()}
