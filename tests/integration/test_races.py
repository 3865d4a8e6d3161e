"""Races on the compare-and-swap gates: dispatch claims, obligation claims, run leases.

Every race is run by threads (one shared client, and one client per thread) and by processes
(``spawn``), on Postgres and SQLite. Exactly one contender may win each race; a lease that
expired can be taken; a writer fenced off by a takeover writes nothing.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from sqlalchemy import select

from tape import Journal, errors
from tape.enums import DispatchMode, EffectSemantics, EffectStatus, ObligationStatus, RunStatus
from tape.records import JournalEntry
from tape.store import tables

T = TypeVar("T")

THREADS = 16
PROCESSES = 4
ROUNDS = 5


# -- helpers -----------------------------------------------------------------------------------


def new_run(journal: Journal, *, owner: str = "setup", ttl_ms: int = 120_000) -> tuple[str, int]:
    begun = journal.begin_run(
        app_name="races",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner=owner,
        lease_ttl_ms=ttl_ms,
    )
    return begun.run_id, begun.lease_epoch


def outbox_effect(
    journal: Journal,
    run_id: str,
    *,
    call_index: int = 0,
    semantics: EffectSemantics = EffectSemantics.IDEMPOTENT,
) -> str:
    effect = journal.begin_effect(
        run_id=run_id,
        decision_index=0,
        tool_name="wire",
        call_index=call_index,
        dispatch_mode=DispatchMode.OUTBOX,
        semantics=semantics,
        connector="bank",
    )
    assert effect.status == EffectStatus.PENDING
    return effect.idempotency_key


def obligation(journal: Journal, run_id: str, *, call_index: int = 0) -> int:
    effect = journal.begin_effect(
        run_id=run_id, decision_index=0, tool_name="charge", call_index=call_index
    )
    journal.complete_effect(
        run_id=run_id, idempotency_key=effect.idempotency_key, status=EffectStatus.CONFIRMED
    )
    ob = journal.register_compensation(
        run_id=run_id, effect_key=effect.idempotency_key, kind="refund", due=True
    )
    assert ob.status == ObligationStatus.PENDING
    return ob.seq


def run_rows(journal: Journal, run_id: str) -> list[JournalEntry]:
    return journal.read_journal(run_id=run_id, limit=10_000)


def race(n: int, contender: Callable[[int], T]) -> list[T | BaseException]:
    """Run ``contender(i)`` for i in range(n) on n threads released together."""
    barrier = threading.Barrier(n)

    def go(i: int) -> T | BaseException:
        barrier.wait(timeout=30)
        try:
            return contender(i)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(go, range(n)))


@pytest.fixture(params=["shared-client", "client-per-thread"])
def clients(request: pytest.FixtureRequest, journal_url: str) -> Iterator[list[Journal]]:
    """THREADS clients: the same one repeated, or one each."""
    if request.param == "shared-client":
        one = Journal(journal_url)
        yield [one] * THREADS
        one.close()
    else:
        many = [Journal(journal_url) for _ in range(THREADS)]
        yield many
        for client in many:
            client.close()


#: The thread races also run through a tape server: its CAS claims hold across the network.
THROUGH_A_SERVER = pytest.mark.journal_backends("postgres", "sqlite", "tape")


# -- threads -----------------------------------------------------------------------------------


@THROUGH_A_SERVER
def test_threads_race_dispatch_claim(journal: Journal, clients: list[Journal]) -> None:
    run_id, _ = new_run(journal)
    key = outbox_effect(journal, run_id)

    results = race(
        THREADS,
        lambda i: clients[i].claim_effect_dispatch(
            run_id=run_id, idempotency_key=key, claimer=f"w{i}"
        ),
    )

    errors_seen = [r for r in results if isinstance(r, BaseException)]
    assert not errors_seen, errors_seen
    winners = [i for i, r in enumerate(results) if r.acquired]  # type: ignore[union-attr]
    assert len(winners) == 1, winners
    winner = f"w{winners[0]}"
    for claim in results:
        assert claim.effect.dispatch_claimed_by == winner  # type: ignore[union-attr]
    effect = journal.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None
    assert effect.dispatch_claimed_by == winner
    assert effect.dispatch_attempts == 1
    assert effect.status == EffectStatus.PENDING


@THROUGH_A_SERVER
def test_threads_race_obligation_claim(journal: Journal, clients: list[Journal]) -> None:
    run_id, _ = new_run(journal)
    seq = obligation(journal, run_id)
    before = len(run_rows(journal, run_id))

    results = race(
        THREADS,
        lambda i: clients[i].claim_obligation(run_id=run_id, obligation_seq=seq, claimer=f"c{i}"),
    )

    errors_seen = [r for r in results if isinstance(r, BaseException)]
    assert not errors_seen, errors_seen
    winners = [i for i, r in enumerate(results) if r.acquired]  # type: ignore[union-attr]
    assert len(winners) == 1, winners
    winner = f"c{winners[0]}"
    for claim in results:
        assert claim.obligation.claimed_by == winner  # type: ignore[union-attr]
        assert claim.obligation.status == ObligationStatus.COMMITTED  # type: ignore[union-attr]
    added = run_rows(journal, run_id)[before:]
    assert [e.payload.get("transition") for e in added] == ["claimed"]
    assert added[0].payload.get("claimed_by") == winner


@THROUGH_A_SERVER
def test_threads_race_run_takeover(journal: Journal, clients: list[Journal]) -> None:
    run_id, epoch = new_run(journal, owner="dead", ttl_ms=1)
    time.sleep(0.02)
    before = run_rows(journal, run_id)

    results = race(THREADS, lambda i: clients[i].resume_run(run_id=run_id, lease_owner=f"w{i}"))

    winners = [i for i, r in enumerate(results) if not isinstance(r, BaseException)]
    assert len(winners) == 1, results
    winner = f"w{winners[0]}"
    for i, r in enumerate(results):
        if i != winners[0]:
            assert isinstance(r, errors.LeaseHeld), r
            assert r.owner == winner
    run = journal.get_run(run_id=run_id)
    assert run.status == RunStatus.RUNNING
    assert run.lease_owner == winner
    assert run.lease_epoch == epoch + 1
    after = run_rows(journal, run_id)
    assert after[: len(before)] == before
    added = after[len(before) :]
    assert [(e.kind, e.payload.get("transition")) for e in added] == [("run", "resumed")]
    assert added[0].payload.get("lease_owner") == winner
    assert added[0].payload.get("lease_epoch") == epoch + 1


def test_threads_begin_effects_on_one_run_get_contiguous_seqs(
    journal: Journal, clients: list[Journal]
) -> None:
    run_id, epoch = new_run(journal)

    results = race(
        THREADS,
        lambda i: clients[i].begin_effect(
            run_id=run_id,
            decision_index=0,
            tool_name="fanout",
            call_index=i,
            lease_epoch=epoch,
        ),
    )

    errors_seen = [r for r in results if isinstance(r, BaseException)]
    assert not errors_seen, errors_seen
    rows = run_rows(journal, run_id)
    seqs = [e.seq for e in rows]
    assert sorted(seqs) == list(range(1, THREADS + 2))  # the begin row, then one per effect
    effect_seqs = sorted(r.seq for r in results)  # type: ignore[union-attr]
    assert effect_seqs == list(range(2, THREADS + 2))
    assert journal.get_run(run_id=run_id).seq_cursor == THREADS + 1
    assert len(journal.list_effects(run_id=run_id)) == THREADS


# -- processes ---------------------------------------------------------------------------------


RACE_KINDS = ("dispatch", "obligation", "takeover")


def _process_claims(
    url: str, worker: str, targets: list[tuple[str, str, Any]], barrier: Any, results: Any
) -> None:
    """One contender process: for each round, wait for the others, then try to win.

    Spawned (``multiprocessing`` "spawn" context), so it must live at module level and take
    only picklable arguments; outcomes go back through ``results`` (a Queue).
    """
    journal = Journal(url)
    try:
        for round_no, (race_kind, run_id, target) in enumerate(targets):
            barrier.wait(timeout=120)
            outcome: tuple[bool | None, str]
            try:
                if race_kind == "dispatch":
                    claim = journal.claim_effect_dispatch(
                        run_id=run_id, idempotency_key=target, claimer=worker
                    )
                    outcome = (claim.acquired, claim.effect.dispatch_claimed_by)
                elif race_kind == "obligation":
                    ob = journal.claim_obligation(
                        run_id=run_id, obligation_seq=target, claimer=worker
                    )
                    outcome = (ob.acquired, ob.obligation.claimed_by)
                else:
                    run = journal.resume_run(run_id=run_id, lease_owner=worker)
                    outcome = (True, run.lease_owner)
            except errors.LeaseHeld as exc:
                outcome = (False, exc.owner)
            except Exception as exc:  # reported to the parent, never swallowed
                outcome = (None, f"{type(exc).__name__}: {exc}")
            results.put((round_no, worker, outcome))
    finally:
        journal.close()


@pytest.mark.slow
def test_processes_race_every_gate(journal: Journal, journal_url: str) -> None:
    """4 spawned processes race ROUNDS fresh rows of each gate: one winner every round.

    One set of processes runs all three races (spawning is the slow part)."""
    targets: list[tuple[str, str, Any]] = []
    for race_kind in RACE_KINDS:
        for _ in range(ROUNDS):
            if race_kind == "dispatch":
                run_id, _ = new_run(journal)
                targets.append((race_kind, run_id, outbox_effect(journal, run_id)))
            elif race_kind == "obligation":
                run_id, _ = new_run(journal)
                targets.append((race_kind, run_id, obligation(journal, run_id)))
            else:
                run_id, _ = new_run(journal, owner="dead", ttl_ms=1)
                targets.append((race_kind, run_id, None))
    time.sleep(0.02)  # every takeover target's lease has expired

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_process_claims, args=(journal_url, f"p{i}", targets, barrier, queue))
        for i in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    try:
        outcomes = [queue.get(timeout=120) for _ in range(PROCESSES * len(targets))]
    finally:
        for p in procs:
            p.join(timeout=60)
            if p.is_alive():
                p.kill()
    assert all(p.exitcode == 0 for p in procs), [p.exitcode for p in procs]

    failures = [o for o in outcomes if o[2][0] is None]
    assert not failures, failures
    for round_no, (race_kind, run_id, target) in enumerate(targets):
        this_round = [(worker, out) for r, worker, out in outcomes if r == round_no]
        assert len(this_round) == PROCESSES
        winners = [worker for worker, (won, _) in this_round if won]
        assert len(winners) == 1, (race_kind, round_no, this_round)
        # every loser saw the winner holding it
        assert {holder for _, (_, holder) in this_round} == {winners[0]}, (race_kind, this_round)
        if race_kind == "dispatch":
            effect = journal.get_effect(run_id=run_id, idempotency_key=target)
            assert effect is not None
            assert (effect.dispatch_claimed_by, effect.dispatch_attempts) == (winners[0], 1)
        elif race_kind == "obligation":
            claimed = [
                e for e in run_rows(journal, run_id) if e.payload.get("transition") == "claimed"
            ]
            assert len(claimed) == 1
        else:
            run = journal.get_run(run_id=run_id)
            assert (run.lease_owner, run.lease_epoch) == (winners[0], 2)
            resumed = [
                e for e in run_rows(journal, run_id) if e.payload.get("transition") == "resumed"
            ]
            assert len(resumed) == 1


# -- expired leases ----------------------------------------------------------------------------


def test_expired_dispatch_claim_of_idempotent_effect_is_reclaimable(journal: Journal) -> None:
    run_id, _ = new_run(journal)
    key = outbox_effect(journal, run_id)
    first = journal.claim_effect_dispatch(
        run_id=run_id, idempotency_key=key, claimer="a", lease_ttl_ms=1
    )
    assert first.acquired
    time.sleep(0.02)

    second = journal.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="b")

    assert second.acquired
    assert second.effect.dispatch_claimed_by == "b"
    assert second.effect.dispatch_attempts == 2


def test_live_dispatch_claim_is_not_reclaimable(journal: Journal) -> None:
    run_id, _ = new_run(journal)
    key = outbox_effect(journal, run_id)
    assert journal.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="a").acquired

    second = journal.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="b")

    assert not second.acquired
    assert second.effect.dispatch_claimed_by == "a"
    assert second.effect.dispatch_attempts == 1


def test_expired_dispatch_claim_of_non_idempotent_effect_is_never_reclaimed(
    journal: Journal,
) -> None:
    """docs/design.md decision 3: the attempt may have landed; only the reconciler may decide."""
    run_id, _ = new_run(journal)
    key = outbox_effect(journal, run_id, semantics=EffectSemantics.NON_IDEMPOTENT)
    assert journal.claim_effect_dispatch(
        run_id=run_id, idempotency_key=key, claimer="a", lease_ttl_ms=1
    ).acquired
    time.sleep(0.02)

    second = journal.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer="b")

    assert not second.acquired
    assert second.effect.dispatch_attempts == 1
    expired = journal.expire_dispatch_claims()
    assert [(e.idempotency_key, e.status) for e in expired] == [(key, EffectStatus.UNKNOWN)]


def test_expired_obligation_claim_is_reclaimable(journal: Journal) -> None:
    run_id, _ = new_run(journal)
    seq = obligation(journal, run_id)
    assert journal.claim_obligation(
        run_id=run_id, obligation_seq=seq, claimer="a", lease_ttl_ms=1
    ).acquired
    time.sleep(0.02)

    second = journal.claim_obligation(run_id=run_id, obligation_seq=seq, claimer="b")

    assert second.acquired
    assert second.obligation.claimed_by == "b"
    assert second.obligation.status == ObligationStatus.COMMITTED


def test_live_obligation_claim_is_not_reclaimable(journal: Journal) -> None:
    run_id, _ = new_run(journal)
    seq = obligation(journal, run_id)
    assert journal.claim_obligation(run_id=run_id, obligation_seq=seq, claimer="a").acquired

    second = journal.claim_obligation(run_id=run_id, obligation_seq=seq, claimer="b")

    assert not second.acquired
    assert second.obligation.claimed_by == "a"


def test_expired_run_lease_is_taken_over(journal: Journal) -> None:
    run_id, epoch = new_run(journal, owner="a", ttl_ms=1)
    time.sleep(0.02)

    run = journal.resume_run(run_id=run_id, lease_owner="b")

    assert (run.status, run.lease_owner, run.lease_epoch) == (RunStatus.RUNNING, "b", epoch + 1)


def test_live_run_lease_is_not_taken_over(journal: Journal) -> None:
    run_id, epoch = new_run(journal, owner="a")

    with pytest.raises(errors.LeaseHeld) as caught:
        journal.resume_run(run_id=run_id, lease_owner="b")

    assert caught.value.owner == "a"
    run = journal.get_run(run_id=run_id)
    assert (run.lease_owner, run.lease_epoch) == ("a", epoch)


# -- fencing: a stale owner writes nothing -----------------------------------------------------


def _signals(journal: Journal, run_id: str) -> list[dict[str, Any]]:
    with journal.database.read() as conn:
        rows = conn.execute(select(tables.signals).where(tables.signals.c.run_id == run_id))
        return [dict(r) for r in rows.mappings()]


def _taken_over(journal: Journal) -> tuple[str, int, int, str]:
    """A run begun by A (epoch a), whose lease expired and B took (epoch b); an effect of A's."""
    run_id, epoch_a = new_run(journal, owner="A", ttl_ms=1)
    key = journal.begin_effect(
        run_id=run_id, decision_index=0, tool_name="email", lease_epoch=epoch_a
    ).idempotency_key
    time.sleep(0.02)
    epoch_b = journal.resume_run(run_id=run_id, lease_owner="B").lease_epoch
    assert epoch_b == epoch_a + 1
    return run_id, epoch_a, epoch_b, key


def test_stale_owner_writes_are_refused_and_write_nothing(journal: Journal) -> None:
    run_id, stale, current, key = _taken_over(journal)
    journal_before = run_rows(journal, run_id)
    run_before = journal.get_run(run_id=run_id)
    writes: list[tuple[str, Callable[[], object]]] = [
        (
            "record_decision",
            lambda: journal.record_decision(
                run_id=run_id, decision_index=0, model="m", lease_epoch=stale
            ),
        ),
        (
            "begin_effect",
            lambda: journal.begin_effect(
                run_id=run_id, decision_index=0, tool_name="email", call_index=1, lease_epoch=stale
            ),
        ),
        (
            "complete_effect",
            lambda: journal.complete_effect(
                run_id=run_id, idempotency_key=key, status="CONFIRMED", lease_epoch=stale
            ),
        ),
        ("end_run", lambda: journal.end_run(run_id=run_id, status="TERMINAL", lease_epoch=stale)),
        (
            "await_signal",
            lambda: journal.await_signal(run_id=run_id, gate_name="approve", lease_epoch=stale),
        ),
    ]

    for name, write in writes:
        with pytest.raises(errors.StaleLease):
            write()
        assert run_rows(journal, run_id) == journal_before, name
        assert journal.get_run(run_id=run_id) == run_before, name

    assert journal.get_decision(run_id=run_id, decision_index=0) is None
    assert [e.idempotency_key for e in journal.list_effects(run_id=run_id)] == [key]
    assert journal.get_effect(run_id=run_id, idempotency_key=key).status == EffectStatus.PENDING  # type: ignore[union-attr]
    assert _signals(journal, run_id) == []

    # B, at the current epoch, does all of it
    assert journal.record_decision(
        run_id=run_id, decision_index=0, model="m", lease_epoch=current
    ).model == ("m")
    other = journal.begin_effect(
        run_id=run_id, decision_index=0, tool_name="email", call_index=1, lease_epoch=current
    )
    assert other.status == EffectStatus.PENDING
    done = journal.complete_effect(
        run_id=run_id, idempotency_key=key, status="CONFIRMED", lease_epoch=current
    )
    assert done.status == EffectStatus.CONFIRMED
    parked = journal.await_signal(run_id=run_id, gate_name="approve", lease_epoch=current)
    assert not parked.delivered
    assert journal.get_run(run_id=run_id).status == RunStatus.WAITING
    ended = journal.end_run(run_id=run_id, status="TERMINAL", lease_epoch=current)
    assert ended.status == RunStatus.TERMINAL
    seqs = [e.seq for e in run_rows(journal, run_id)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_stale_owner_cannot_repark_a_waiting_run(journal: Journal) -> None:
    """B parked the run on a gate; A's stale await_signal must not move it to another gate or
    journal anything."""
    run_id, stale, current, _ = _taken_over(journal)
    journal.await_signal(run_id=run_id, gate_name="approve", lease_epoch=current)
    journal_before = run_rows(journal, run_id)
    run_before = journal.get_run(run_id=run_id)
    assert run_before.waiting_on_gate == "approve"

    with pytest.raises(errors.StaleLease):
        journal.await_signal(run_id=run_id, gate_name="other", lease_epoch=stale)

    assert run_rows(journal, run_id) == journal_before
    assert journal.get_run(run_id=run_id) == run_before
    assert [s["gate_name"] for s in _signals(journal, run_id)] == ["approve"]


def test_stale_owner_cannot_resume_with_its_epoch(journal: Journal) -> None:
    run_id, stale, current, _ = _taken_over(journal)

    with pytest.raises(errors.StaleLease):
        journal.resume_run(run_id=run_id, lease_owner="A", lease_epoch=stale)

    run = journal.get_run(run_id=run_id)
    assert (run.lease_owner, run.lease_epoch) == ("B", current)
    # B's heartbeat at its epoch renews without a new epoch or journal row
    before = run_rows(journal, run_id)
    renewed = journal.resume_run(run_id=run_id, lease_owner="B", lease_epoch=current)
    assert renewed.lease_epoch == current
    assert run_rows(journal, run_id) == before
