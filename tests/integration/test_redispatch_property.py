"""Issue 8, test 3: only an ``absent`` seen at the upstream ever makes a NON_IDEMPOTENT effect
dispatchable again.

A hypothesis property over semantics × connector capability × what the connector's
``observe()`` answers × the tool's status check (none, or any answer, or raising), driving
:func:`tape.reactors.reconcile.reconcile_one` in-process against the real store on Postgres
and SQLite, then a direct caller of the store with or without an observer. The expected
outcome comes from an oracle written from docs/design.md decision 4, not from the reconciler's code.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tape import EffectSemantics, EffectStatus, Journal, registry, state
from tape import connectors as connector_registry
from tape.connectors import ObservationResult
from tape.errors import ObservationRequired
from tape.reactors import reconcile
from tests.integration.test_bad_input import dump
from tests.support.clock import FakeClock
from tests.support.runs import lost_ack_effect

#: What a connector's observe() or a status check may answer ("raise": it raises).
OBSERVE_ANSWERS = ["confirmed", "absent", "duplicate", "failed", "stuck", "unobservable", "raise"]
CHECK_ANSWERS: list[Any] = [
    None,  # no status check registered
    True,
    False,
    {"count": 0},
    {"count": 1},
    {"count": 3},
    {"found": False},
    *({"status": s} for s in OBSERVE_ANSWERS if s != "raise"),
    "raise",
]
#: How the effect's connector is set up in the reconciling process.
CAPABILITIES = ["looks", "third-party", "blind", "unregistered"]
SEMANTICS = [
    EffectSemantics.NON_IDEMPOTENT,
    EffectSemantics.IDEMPOTENT,
    EffectSemantics.OBSERVE_ONLY,
]

CONCLUSIVE = {"confirmed", "absent", "duplicate", "failed"}
TARGET = {
    "confirmed": EffectStatus.CONFIRMED,
    "duplicate": EffectStatus.CONFIRMED,
    "failed": EffectStatus.FAILED,
    "absent": EffectStatus.PENDING,
}


@dataclass
class Case:
    """One example: what each observer will answer for the effect."""

    observe: str
    check: Any
    observe_calls: int = 0


CASES: dict[str, Case] = {}


class _Connector:
    def __init__(self, name: str) -> None:
        self.name = name

    def dispatch(self, effect: Any) -> Any:
        raise AssertionError("the reconciler never dispatches")

    def compensate(self, obligation: Any) -> Any:
        raise AssertionError("the reconciler never compensates")

    def observe(self, effect: Any) -> ObservationResult:
        case = CASES[effect.idempotency_key]
        case.observe_calls += 1
        if case.observe == "raise":
            raise ConnectionError("lookup down")
        return ObservationResult(case.observe)


class _Looks(_Connector):
    can_observe = True


class _Blind(_Connector):
    can_observe = False


def _check(effect: Any) -> Any:
    answer = CASES[effect.idempotency_key].check
    if answer == "raise":
        raise TimeoutError("ledger API timed out")
    return answer


@pytest.fixture
def observers() -> Iterator[None]:
    saved, saved_connectors = registry.snapshot(), connector_registry.snapshot()
    connector_registry.register(_Looks("prop.looks"))
    connector_registry.register(_Connector("prop.third-party"))  # no can_observe attribute
    connector_registry.register(_Blind("prop.blind"))
    registry.register_status_check("prop_checked", _check)
    yield
    CASES.clear()
    connector_registry.restore(saved_connectors)
    registry.restore(saved)


def _normal(answer: Any) -> str:
    """An observer's answer as an observation status ("raise" is an inconclusive look)."""
    if answer == "raise":
        return "stuck"
    if isinstance(answer, str):
        return answer
    if isinstance(answer, bool):
        return "confirmed" if answer else "absent"
    if "status" in answer:
        return str(answer["status"])
    if "count" in answer:
        n = answer["count"]
        return "absent" if n == 0 else "confirmed" if n == 1 else "duplicate"
    return "confirmed" if answer.get("found", True) else "absent"


def oracle(
    semantics: EffectSemantics, capability: str, observe: str, check: Any
) -> tuple[EffectStatus, bool, str]:
    """(status after one reconcile, stuck, who saw it) as docs/design.md decision 4 says."""
    looks = capability in ("looks", "third-party")
    answers: list[tuple[str, str]] = []
    if looks:
        answers.append(("connector", _normal(observe)))
    if check is not None and not (answers and answers[-1][1] in CONCLUSIVE):
        answers.append(("status_check", _normal(check)))
    for who, status in answers:
        if status in CONCLUSIVE:
            return TARGET[status], False, who
    if any(status == "stuck" for _, status in answers):
        return EffectStatus.UNKNOWN, True, "nobody"
    if semantics == EffectSemantics.NON_IDEMPOTENT:
        return EffectStatus.UNKNOWN, True, "nobody"
    return EffectStatus.PENDING, False, "nobody"


def _unknown_effect(j: Journal, semantics: EffectSemantics, capability: str, checked: bool) -> Any:
    run_id = j.begin_run(
        app_name="prop",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w",
    ).run_id
    return lost_ack_effect(
        j,
        run_id,
        tool="prop_checked" if checked else "prop_unchecked",
        connector=f"prop.{capability}",
        semantics=semantics,
        request_json={"amount": 1},
        claimer="d",
    )


def _dispatchable(j: Journal, effect: Any) -> bool:
    far = 10**15  # past any settle window
    return effect.idempotency_key in {
        e.idempotency_key for e in j.list_effects_to_dispatch(now_ms=far, limit=10_000)
    }


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    semantics=st.sampled_from(SEMANTICS),
    capability=st.sampled_from(CAPABILITIES),
    observe=st.sampled_from(OBSERVE_ANSWERS),
    check=st.sampled_from(CHECK_ANSWERS),
    caller_observer=st.sampled_from(["", "connector", "status_check", "operator"]),
)
def test_only_a_seen_absent_makes_a_non_idempotent_effect_dispatchable(
    tj: Journal,
    clock: FakeClock,
    observers: None,
    semantics: EffectSemantics,
    capability: str,
    observe: str,
    check: Any,
    caller_observer: str,
) -> None:
    effect = _unknown_effect(tj, semantics, capability, checked=check is not None)
    case = CASES[effect.idempotency_key] = Case(observe, check)
    assert not _dispatchable(tj, effect)

    row = reconcile.reconcile_one(tj, effect)

    status, stuck, seen_by = oracle(semantics, capability, observe, check)
    after = tj.get_effect(run_id=effect.run_id, idempotency_key=effect.idempotency_key)
    assert after is not None
    assert (after.status, after.stuck_at_ms > 0, row["observed_by"]) == (status, stuck, seen_by), (
        row
    )
    if capability in ("blind", "unregistered"):
        assert case.observe_calls == 0  # a connector that cannot observe is never asked
    # The property itself.
    if semantics == EffectSemantics.NON_IDEMPOTENT and after.status == EffectStatus.PENDING:
        assert row["observed"] == "absent" and row["observed_by"] in state.OBSERVERS
        last = tj.read_journal(run_id=effect.run_id, kind="effect", limit=1000)[-1].payload
        assert (last["transition"], last["observed_by"]) == ("observed-absent", seen_by)
    assert _dispatchable(tj, after) == (after.status == EffectStatus.PENDING)
    run = tj.get_run(run_id=effect.run_id)
    assert (run.status.name == "STUCK") == stuck

    # A direct caller of the store: an absent with no observer never moves it back.
    if after.status == EffectStatus.UNKNOWN:

        def call() -> Any:
            return tj.record_external_observation(
                run_id=effect.run_id,
                idempotency_key=effect.idempotency_key,
                resolution="absent",
                observed_by=caller_observer,
            )

        if state.may_redispatch(semantics, caller_observer):
            assert call().status == EffectStatus.PENDING
        else:
            before = dump(tj)
            with pytest.raises(ObservationRequired):
                call()
            assert dump(tj) == before
            assert not _dispatchable(tj, effect)
