"""The legal-transition tables of :mod:`tape.state` and the retry backoff (pure, no I/O)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tape import state
from tape.enums import EffectStatus, ObligationStatus, RunStatus

R = RunStatus
E = EffectStatus
O = ObligationStatus  # noqa: E741

RUNS = [s for s in RunStatus if s != R.UNSPECIFIED]
EFFECTS = [s for s in EffectStatus if s != E.UNSPECIFIED]
OBLIGATIONS = [s for s in ObligationStatus if s != O.UNSPECIFIED]


def _machine_closure(start: RunStatus) -> set[RunStatus]:
    """Every run status a machine (no operator) can reach from ``start``."""
    seen = {start}
    frontier = [start]
    while frontier:
        source = frontier.pop()
        for target in RUNS:
            if target not in seen and state.can_run(source, target):
                seen.add(target)
                frontier.append(target)
    return seen


# -- runs --------------------------------------------------------------------------------------


def test_run_final_and_leasable_sets() -> None:
    assert frozenset({R.TERMINAL, R.FAILED, R.CANCELLED}) == state.RUN_FINAL
    assert frozenset({R.RUNNABLE, R.RUNNING, R.WAITING}) == state.RUN_LEASABLE
    assert not state.RUN_FINAL & state.RUN_LEASABLE


@pytest.mark.parametrize("final", [R.TERMINAL, R.CANCELLED])
@pytest.mark.parametrize("target", RUNS)
def test_terminal_and_cancelled_runs_have_no_way_out(final: RunStatus, target: RunStatus) -> None:
    assert not state.can_run(final, target)
    assert not state.can_run(final, target, operator=True)


@pytest.mark.parametrize("final", sorted(state.RUN_FINAL))
@pytest.mark.parametrize("target", sorted(state.RUN_LEASABLE | {R.TERMINAL}))
def test_final_runs_are_never_revived(final: RunStatus, target: RunStatus) -> None:
    assert not state.can_run(final, target)


def test_failed_run_only_goes_on_to_compensation() -> None:
    """A FAILED run may be compensated (the saga ends COMPENSATING -> FAILED | STUCK); nothing
    else moves it."""
    exits = {t for t in RUNS if state.can_run(R.FAILED, t)}
    assert exits == {R.COMPENSATING}


@pytest.mark.parametrize("final", sorted(state.RUN_FINAL))
def test_no_machine_path_from_a_final_run_back_to_work(final: RunStatus) -> None:
    reachable = _machine_closure(final)
    assert not reachable & state.RUN_LEASABLE
    assert R.TERMINAL not in reachable - {final}


@pytest.mark.parametrize("live", sorted(state.RUN_LEASABLE))
def test_live_runs_can_end_every_way(live: RunStatus) -> None:
    for target in (R.TERMINAL, R.FAILED, R.CANCELLED, R.STUCK, R.COMPENSATING):
        assert state.can_run(live, target), (live, target)


def test_run_lease_and_gate_transitions() -> None:
    for source in state.RUN_LEASABLE:
        assert state.can_run(source, R.RUNNING)
    assert state.can_run(R.RUNNING, R.WAITING)
    assert not state.can_run(R.RUNNABLE, R.WAITING)
    assert not state.can_run(R.WAITING, R.WAITING)
    assert state.can_run(R.WAITING, R.RUNNABLE)  # a delivered signal releases it
    assert not state.can_run(R.STUCK, R.RUNNING)
    assert not state.can_run(R.COMPENSATING, R.RUNNING)


def test_stuck_run_release_is_operator_only() -> None:
    assert not state.can_run(R.STUCK, R.RUNNABLE)
    assert state.can_run(R.STUCK, R.RUNNABLE, operator=True)
    assert not state.can_run(R.STUCK, R.FAILED)
    assert state.can_run(R.STUCK, R.FAILED, operator=True)
    # the operator's extra powers are exactly those two
    extra = {
        (s, t)
        for s, t in itertools.product(RUNS, RUNS)
        if state.can_run(s, t, operator=True) and not state.can_run(s, t)
    }
    assert extra == {(R.STUCK, R.RUNNABLE), (R.STUCK, R.FAILED)}


def test_a_released_stuck_run_goes_on_or_ends_failed_and_nothing_else() -> None:
    """Settling the last hold of a STUCK run releases it (RUNNABLE, or FAILED once it has
    compensated), and an undone run (a deadline, a cancelled parent) ends CANCELLED once its
    compensation settled; the release adds no other transition and revives no final run."""
    assert state.can_run(R.STUCK, R.RUNNABLE, release=True)
    assert state.can_run(R.STUCK, R.FAILED, release=True)
    assert state.can_run(R.COMPENSATING, R.CANCELLED, release=True)
    extra = {
        (s, t)
        for s, t in itertools.product(RUNS, RUNS)
        if state.can_run(s, t, release=True) and not state.can_run(s, t)
    }
    assert extra == {(R.STUCK, R.RUNNABLE), (R.STUCK, R.FAILED), (R.COMPENSATING, R.CANCELLED)}
    for final, live in itertools.product(state.RUN_FINAL, state.RUN_LEASABLE):
        assert not state.can_run(final, live, release=True)


def test_operator_powers_never_reach_past_final_runs() -> None:
    for final, target in itertools.product((R.TERMINAL, R.CANCELLED), RUNS):
        assert not state.can_run(final, target, operator=True)
    for live in state.RUN_LEASABLE:
        assert not state.can_run(R.FAILED, live, operator=True)


def test_run_end_statuses() -> None:
    assert frozenset({R.TERMINAL, R.FAILED, R.COMPENSATING, R.STUCK, R.CANCELLED}) == (
        state.RUN_END_STATUSES
    )
    assert not state.RUN_END_STATUSES & state.RUN_LEASABLE


def test_run_sources_unknown_target_is_empty() -> None:
    assert state.run_sources(R.UNSPECIFIED) == frozenset()
    assert state.run_sources(R.UNSPECIFIED, operator=True) == frozenset()
    assert state.run_sources(R.RUNNABLE, operator=True) == state.RUN_TRANSITIONS[R.RUNNABLE] | {
        R.STUCK
    }


# -- effects -----------------------------------------------------------------------------------


def test_effect_final_set() -> None:
    assert frozenset({E.CONFIRMED, E.FAILED}) == state.EFFECT_FINAL


@pytest.mark.parametrize("final", [E.CONFIRMED, E.FAILED])
@pytest.mark.parametrize("target", list(EffectStatus))
def test_confirmed_and_failed_effects_are_never_a_source(
    final: EffectStatus, target: EffectStatus
) -> None:
    assert not state.can_effect(final, target)
    assert final not in state.effect_sources(target)


@pytest.mark.parametrize("target", EFFECTS)
def test_live_effects_may_move_anywhere(target: EffectStatus) -> None:
    assert state.can_effect(E.PENDING, target)
    assert state.can_effect(E.UNKNOWN, target)


def test_effect_unknown_can_be_observed_absent_and_dispatched_again() -> None:
    assert state.can_effect(E.UNKNOWN, E.PENDING)
    assert state.can_effect(E.UNKNOWN, E.UNKNOWN)  # inconclusive: stays, marked stuck


def test_effect_complete_statuses() -> None:
    assert frozenset({E.CONFIRMED, E.FAILED, E.UNKNOWN}) == state.EFFECT_COMPLETE_STATUSES
    assert state.effect_sources(E.UNSPECIFIED) == frozenset()


# -- obligations -------------------------------------------------------------------------------


def test_obligation_final_set() -> None:
    assert frozenset({O.COMPENSATED, O.STUCK}) == state.OBLIGATION_FINAL


@pytest.mark.parametrize("final", [O.COMPENSATED, O.STUCK])
@pytest.mark.parametrize("target", list(ObligationStatus))
def test_final_obligations_have_no_machine_way_out(
    final: ObligationStatus, target: ObligationStatus
) -> None:
    assert not state.can_obligation(final, target)


def test_obligation_lifecycle() -> None:
    assert state.can_obligation(O.PENDING, O.COMMITTED)  # claim
    assert state.can_obligation(O.COMMITTED, O.COMMITTED)  # expired claim re-taken
    assert state.can_obligation(O.COMMITTED, O.PENDING)  # retry backoff
    assert not state.can_obligation(O.PENDING, O.PENDING)
    for live in (O.PENDING, O.COMMITTED):
        assert state.can_obligation(live, O.COMPENSATED)
        assert state.can_obligation(live, O.STUCK)


def test_stuck_obligation_settled_by_operator_only() -> None:
    assert not state.can_obligation(O.STUCK, O.COMPENSATED)
    assert state.can_obligation(O.STUCK, O.COMPENSATED, operator=True)
    # even an operator never reopens a settled obligation
    for target in (O.PENDING, O.COMMITTED, O.STUCK):
        assert not state.can_obligation(O.COMPENSATED, target, operator=True)
        assert not state.can_obligation(O.STUCK, target, operator=True)
    assert not state.can_obligation(O.COMPENSATED, O.COMPENSATED, operator=True)


# -- table hygiene -----------------------------------------------------------------------------


def test_tables_never_mention_unspecified() -> None:
    for table, zero in (
        (state.RUN_TRANSITIONS, R.UNSPECIFIED),
        (state.RUN_OPERATOR_TRANSITIONS, R.UNSPECIFIED),
        (state.EFFECT_TRANSITIONS, E.UNSPECIFIED),
        (state.OBLIGATION_TRANSITIONS, O.UNSPECIFIED),
        (state.OBLIGATION_OPERATOR_TRANSITIONS, O.UNSPECIFIED),
    ):
        for target, sources in table.items():
            assert target != zero
            assert zero not in sources


def test_sources_agree_with_can() -> None:
    for s, t in itertools.product(list(RunStatus), list(RunStatus)):
        for op, rel in itertools.product((False, True), (False, True)):
            assert state.can_run(s, t, operator=op, release=rel) == (
                s in state.run_sources(t, operator=op, release=rel)
            )
    for es, et in itertools.product(list(EffectStatus), list(EffectStatus)):
        assert state.can_effect(es, et) == (es in state.effect_sources(et))
    for os_, ot in itertools.product(list(ObligationStatus), list(ObligationStatus)):
        for op in (False, True):
            assert state.can_obligation(os_, ot, operator=op) == (
                os_ in state.obligation_sources(ot, operator=op)
            )


# -- backoff -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [
        (1, 1_000),
        (2, 2_000),
        (3, 4_000),
        (4, 8_000),
        (5, 16_000),
        (6, 32_000),
        (7, 60_000),  # 64 s, capped
        (8, 60_000),
        (50, 60_000),
        (10_000, 60_000),
    ],
)
def test_backoff_doubles_from_one_second_capped_at_a_minute(attempt: int, expected: int) -> None:
    assert state.backoff_ms(attempt) == expected


@pytest.mark.parametrize("attempt", [0, -1, -100])
def test_backoff_before_the_first_attempt_is_the_base(attempt: int) -> None:
    assert state.backoff_ms(attempt) == 1_000


def test_backoff_custom_base_and_cap() -> None:
    assert state.backoff_ms(1, base_ms=30_000, cap_ms=900_000) == 30_000
    assert state.backoff_ms(3, base_ms=30_000, cap_ms=900_000) == 120_000
    assert state.backoff_ms(6, base_ms=30_000, cap_ms=900_000) == 900_000
    assert state.backoff_ms(5, base_ms=250, cap_ms=10**9) == 4_000


@given(st.integers(min_value=1, max_value=10**9))
def test_backoff_is_bounded_and_monotonic(attempt: int) -> None:
    delay = state.backoff_ms(attempt)
    assert isinstance(delay, int)
    assert 1_000 <= delay <= 60_000
    assert state.backoff_ms(attempt + 1) >= delay
