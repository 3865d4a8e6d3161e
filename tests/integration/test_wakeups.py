"""No lost wakeups (docs/design.md decision 12): parking on a gate and releasing it serialise.

The races run on Postgres (READ COMMITTED is where each side could miss the other's
uncommitted write), 1,000 rounds each, in one database with a new run and effect per round:
one thread parks a run on a gate with the call the agent runtime makes, the other releases
the gate, both let go at once by a barrier. Afterwards no run may be WAITING on an effect that
is final or on a signal that was delivered, and every round has exactly one of the two legal
endings: the park saw the release (it returned delivered, the run is still RUNNING) or the
release saw the park (the run is RUNNABLE, released).

The safety net: recovery claims a WAITING run whose gate is already satisfied, however it got
that way (here the effect is confirmed behind the store's back).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from tape import Journal
from tape.enums import DispatchMode, EffectSemantics, EffectStatus, RunStatus
from tape.reactors import recover
from tape.records import RunState
from tape.store import tables
from tape.store.outcomes import Outcome

ROUNDS = 1_000
CLAIMER = "dispatcher-1"


def fast_journal(pg_url: str) -> Journal:
    """A client whose commits do not wait for the WAL flush (``synchronous_commit=off``):
    durability on a server crash is all it gives up; locks, visibility and isolation are as
    ever, so the races are the real ones, a thousand rounds at a time."""
    url = make_url(pg_url).update_query_dict({"options": "-csynchronous_commit=off"})
    return Journal(url.render_as_string(hide_password=False))


def begin(journal: Journal) -> tuple[str, int]:
    run = journal.begin_run(
        app_name="wakeups",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="agent",
        lease_ttl_ms=600_000,
    )
    return run.run_id, run.lease_epoch


def outbox_effect(journal: Journal, run_id: str, *, call_index: int = 0, **extra: Any) -> str:
    effect = journal.begin_effect(
        run_id=run_id,
        decision_index=0,
        tool_name="wire",
        call_index=call_index,
        dispatch_mode=DispatchMode.OUTBOX,
        semantics=EffectSemantics.NON_IDEMPOTENT,
        connector="bank",
        **extra,
    )
    return effect.idempotency_key


def claim(journal: Journal, run_id: str, key: str) -> None:
    got = journal.claim_effect_dispatch(run_id=run_id, idempotency_key=key, claimer=CLAIMER)
    assert got.acquired


def confirmed(run_id: str, key: str) -> Outcome:
    return Outcome(run_id=run_id, idempotency_key=key, kind="confirmed", response_json="{}")


@dataclass
class Round:
    """One race: ``waiter`` parks on ``gate`` at ``epoch``; ``release`` lets it go."""

    waiter: str
    epoch: int
    gate: str
    release: Callable[[], Any]
    delivered: bool = field(default=False)


def race(rounds: Iterator[Round], park: Callable[[Round], bool]) -> list[Round]:
    """Run each round's park and release at once (a barrier per round), one round at a time."""
    barrier = threading.Barrier(2, timeout=60)
    done: list[Round] = []

    def at_once(fn: Callable[[], Any]) -> Any:
        barrier.wait()
        return fn()

    with ThreadPoolExecutor(2) as pool:
        for r in rounds:
            parked = pool.submit(at_once, lambda r=r: park(r))
            released = pool.submit(at_once, r.release)
            r.delivered = parked.result(timeout=120)
            released.result(timeout=120)
            done.append(r)
    return done


def park_with(journal: Journal) -> Callable[[Round], bool]:
    def park(r: Round) -> bool:
        got = journal.await_signal(run_id=r.waiter, gate_name=r.gate, lease_epoch=r.epoch)
        return got.delivered

    return park


def statuses(journal: Journal, run_ids: list[str]) -> dict[str, tuple[RunStatus, str]]:
    runs = tables.runs
    with journal.database.read() as conn:
        rows = conn.execute(
            select(runs.c.run_id, runs.c.status, runs.c.waiting_on_gate).where(
                runs.c.run_id.in_(run_ids)
            )
        ).all()
    return {run_id: (RunStatus(status), gate) for run_id, status, gate in rows}


def assert_no_lost_wakeup(journal: Journal, done: list[Round]) -> None:
    """Every round ended one of the two legal ways, and no run waits for what happened."""
    assert len(done) == ROUNDS
    now = statuses(journal, [r.waiter for r in done])
    expected = {
        r.waiter: (RunStatus.RUNNING, "") if r.delivered else (RunStatus.RUNNABLE, "") for r in done
    }
    wrong = {w: got for w, got in now.items() if got != expected[w]}
    assert wrong == {}, f"{len(wrong)} of {ROUNDS} rounds lost the wakeup"
    assert journal.list_runs(statuses=[RunStatus.WAITING], limit=10_000) == []


# -- park versus effect confirmation (T5) ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("path", ["single", "batch"])
def test_park_races_dispatch_confirm(pg_url: str, path: str) -> None:
    """The dispatcher confirms the effect (one outcome, or a set-based batch of two) while the
    agent parks its run on ``effect:<key>``."""
    journal = fast_journal(pg_url)
    companion, _ = begin(journal)

    def rounds() -> Iterator[Round]:
        for i in range(ROUNDS):
            run_id, epoch = begin(journal)
            key = outbox_effect(journal, run_id)
            claim(journal, run_id, key)
            outcomes = [confirmed(run_id, key)]
            if path == "batch":  # two confirmations take the set-based UPDATE on Postgres
                other = outbox_effect(journal, companion, call_index=i)
                claim(journal, companion, other)
                outcomes.append(confirmed(companion, other))

            def release(outcomes: list[Outcome] = outcomes) -> None:
                recorded = journal.record_dispatch_outcomes(outcomes, claimer=CLAIMER)
                assert all(e is not None and e.status == EffectStatus.CONFIRMED for e in recorded)

            yield Round(run_id, epoch, f"effect:{key}", release)

    try:
        assert_no_lost_wakeup(journal, race(rounds(), park_with(journal)))
    finally:
        journal.close()


@pytest.mark.slow
def test_park_on_another_runs_effect_races_its_confirm(pg_url: str) -> None:
    """Business-key reuse: the waiting run parks on the effect another run owns."""
    journal = fast_journal(pg_url)

    def rounds() -> Iterator[Round]:
        for i in range(ROUNDS):
            owner, _ = begin(journal)
            key = outbox_effect(journal, owner, business_key=f"order-{i}")
            claim(journal, owner, key)
            waiter, epoch = begin(journal)
            found = outbox_effect(journal, waiter, business_key=f"order-{i}")
            assert found == key  # the same effect, found by (connector, business key)

            def release(owner: str = owner, key: str = key) -> None:
                (recorded,) = journal.record_dispatch_outcomes(
                    [confirmed(owner, key)], claimer=CLAIMER
                )
                assert recorded is not None

            yield Round(waiter, epoch, f"effect:{key}", release)

    try:
        assert_no_lost_wakeup(journal, race(rounds(), park_with(journal)))
    finally:
        journal.close()


# -- park versus signal delivery ---------------------------------------------------------------


@pytest.mark.slow
def test_park_races_send_signal(pg_url: str) -> None:
    """A signal (a human, or a ``gate_timeout`` timer: both go through send_signal) is
    delivered while the run parks on its gate: consumed by the park, or it releases it."""
    journal = fast_journal(pg_url)

    def rounds() -> Iterator[Round]:
        for _ in range(ROUNDS):
            run_id, epoch = begin(journal)

            def release(run_id: str = run_id) -> None:
                assert journal.send_signal(
                    run_id=run_id, gate_name="approve", resolution_json={"ok": True}
                ).accepted

            yield Round(run_id, epoch, "approve", release)

    try:
        done = race(rounds(), park_with(journal))
        assert_no_lost_wakeup(journal, done)
        signals = tables.signals
        with journal.database.read() as conn:
            consumed = dict(
                conn.execute(
                    select(signals.c.run_id, signals.c.consumed).where(
                        signals.c.gate_name == "approve"
                    )
                ).all()
            )
        assert {r.waiter: bool(consumed[r.waiter]) for r in done} == {
            r.waiter: r.delivered for r in done
        }
    finally:
        journal.close()


# -- the safety net: recovery re-drives a WAITING run whose gate is satisfied --------------------


def _confirm_behind_the_stores_back(journal: Journal, run_id: str, key: str) -> None:
    """An effect CONFIRMED with no release of its waiters: the state a lost wakeup leaves."""
    effects = tables.effects
    with journal.database.write() as conn:
        conn.execute(
            update(effects)
            .where(effects.c.run_id == run_id, effects.c.idempotency_key == key)
            .values(status=EffectStatus.CONFIRMED, dispatch_claimed_by="")
        )


@pytest.fixture
def redriven() -> Iterator[list[str]]:
    """Install a re-drive that records the runs recovery hands over; restore the old one."""
    got: list[str] = []

    def note(journal: Journal, run: RunState, owner: str) -> None:
        got.append(run.run_id)

    previous = recover.set_redrive(note)
    yield got
    recover.set_redrive(previous)


def test_recovery_redrives_a_run_left_waiting_on_a_final_effect(
    journal: Journal, redriven: list[str]
) -> None:
    stranded, epoch = begin(journal)
    key = outbox_effect(journal, stranded)
    assert not journal.await_signal(run_id=stranded, gate_name=f"effect:{key}").delivered
    still_waiting, _ = begin(journal)
    pending_key = outbox_effect(journal, still_waiting)
    journal.await_signal(run_id=still_waiting, gate_name=f"effect:{pending_key}")
    assert {r.run_id for r in journal.list_runs_to_recover()} == set()

    _confirm_behind_the_stores_back(journal, stranded, key)
    assert [r.run_id for r in journal.list_runs_to_recover()] == [stranded]

    (row,) = recover.run_once(journal, recover.RecoverOptions(claimer="r1"))
    assert row["result"] == "redriven" and row["previous_status"] == "WAITING"
    assert redriven == [stranded]
    run = journal.get_run(run_id=stranded)
    assert run is not None
    assert (run.status, run.lease_owner, run.lease_epoch) == (
        RunStatus.RUNNING,
        "recovery:r1",
        epoch + 1,
    )
    (takeover,) = [
        e
        for e in journal.read_journal(run_id=stranded, limit=1_000)
        if e.kind == "run" and e.payload.get("lease_owner") == "recovery:r1"
    ]
    assert takeover.payload["transition"] == "resumed"
    # Claimed once: the run is no longer WAITING, so a second pass finds nothing, and the run
    # still waiting on a PENDING effect is left alone.
    assert recover.run_once(journal, recover.RecoverOptions(claimer="r1")) == []
    assert redriven == [stranded]
    waiting = journal.get_run(run_id=still_waiting)
    assert waiting is not None and waiting.status == RunStatus.WAITING


def test_recovery_redrives_a_run_waiting_on_another_runs_final_effect(
    journal: Journal, redriven: list[str]
) -> None:
    owner, _ = begin(journal)
    key = outbox_effect(journal, owner, business_key="order-1")
    waiter, _ = begin(journal)
    assert outbox_effect(journal, waiter, business_key="order-1") == key
    journal.await_signal(run_id=waiter, gate_name=f"effect:{key}")
    _confirm_behind_the_stores_back(journal, owner, key)
    assert [r.run_id for r in journal.list_runs_to_recover()] == [waiter]


def test_a_custom_key_shared_across_runs_names_the_waiters_own_effect(
    journal: Journal, redriven: list[str]
) -> None:
    """Custom keys do not embed the run: the gate ``effect:<key>`` of a run that has an effect
    with that key is that effect, whatever another run's effect with the same key did."""
    first, _ = begin(journal)
    second, epoch = begin(journal)
    for run_id in (first, second):
        journal.begin_effect(
            run_id=run_id,
            decision_index=0,
            tool_name="wire",
            custom_key="shared-key",
            dispatch_mode=DispatchMode.OUTBOX,
            connector="bank",
        )
    _confirm_behind_the_stores_back(journal, first, "shared-key")
    assert not journal.await_signal(
        run_id=second, gate_name="effect:shared-key", lease_epoch=epoch
    ).delivered
    assert journal.list_runs_to_recover() == []
    _confirm_behind_the_stores_back(journal, second, "shared-key")
    assert [r.run_id for r in journal.list_runs_to_recover()] == [second]
