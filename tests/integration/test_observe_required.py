"""Only a real look at the upstream may say ``absent`` (issue 8; docs/design.md decision 4).

- HTTP observe: ``duplicate_code`` (409) from the lookup is ``duplicate`` (docs/design.md
  decision 10).
- The store refuses to send a NON_IDEMPOTENT effect back to dispatch without an observer
  (:class:`~tape.errors.ObservationRequired`), and writes nothing (every table compared).
- The reconciler, per semantics, against a real FakeUpstream bank: connector ``observe()``
  when it can observe, then the tool's status check, else stuck (NON_IDEMPOTENT) or re-sent
  with its key (IDEMPOTENT).

Both backends.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tape import (
    DispatchMode,
    EffectRecord,
    EffectSemantics,
    EffectStatus,
    Journal,
    RunStatus,
    registry,
)
from tape import connectors as connector_registry
from tape.connectors import ObservationResult
from tape.errors import IllegalTransition, InvalidArgument, ObservationRequired
from tape.reactors import reconcile
from tape.testing import FakeUpstream
from tests.integration.connector_fixtures import make_effect
from tests.integration.test_bad_input import dump
from tests.support.clock import FakeClock
from tests.support.runs import lost_ack_effect


@pytest.fixture
def bank() -> Iterator[FakeUpstream]:
    """A bank with two connectors: ``bank.wire`` (with the lookup) and ``bank.blind``
    (no observe endpoint: it cannot observe)."""
    saved, saved_connectors = registry.snapshot(), connector_registry.snapshot()
    connector_registry.clear()
    registry.clear()
    with FakeUpstream() as upstream:
        connector_registry.register(upstream.http_connector("bank.wire", timeout_s=2))
        connector_registry.register(
            upstream.http_connector("bank.blind", observe=False, timeout_s=2)
        )
        yield upstream
    connector_registry.restore(saved_connectors)
    registry.restore(saved)


def new_run(j: Journal) -> str:
    return j.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id=uuid.uuid4().hex, lease_owner="w"
    ).run_id


def unknown(
    j: Journal,
    run_id: str,
    index: int = 0,
    *,
    connector: str = "bank.blind",
    semantics: EffectSemantics = EffectSemantics.NON_IDEMPOTENT,
    tool: str = "wire_money",
) -> EffectRecord:
    """An OUTBOX effect whose one dispatch attempt lost its ack."""
    effect: EffectRecord = lost_ack_effect(
        j,
        run_id,
        index,
        tool=tool,
        connector=connector,
        semantics=semantics,
        request_json={"amount": 100 + index},
        claimer="d",
    )
    return effect


def now(j: Journal, e: EffectRecord) -> EffectRecord:
    got = j.get_effect(run_id=e.run_id, idempotency_key=e.idempotency_key)
    assert got is not None
    return got


def transitions(j: Journal, e: EffectRecord) -> list[dict[str, Any]]:
    return [
        r.payload
        for r in j.read_journal(run_id=e.run_id, kind="effect", limit=1000)
        if r.payload.get("idempotency_key") == e.idempotency_key and "transition" in r.payload
    ]


# ---- HTTP observe: 409 is duplicate --------------------------------------------------------


def test_http_observe_duplicate_code_is_duplicate(bank: FakeUpstream) -> None:
    connector = bank.http_connector("bank.wire", timeout_s=2)
    effect = make_effect()
    bank.respond(409, {"external_ref": "wire-7", "error": "twice"}, path="/wires/lookup")
    result = connector.observe(effect)
    assert (result.status, result.external_ref) == ("duplicate", "wire-7")


def test_http_observe_custom_duplicate_code(bank: FakeUpstream) -> None:
    connector = bank.http_connector("bank.wire", timeout_s=2, duplicate_code=422)
    bank.respond(422, {"id": "w-3"}, path="/wires/lookup")
    result = connector.observe(make_effect())
    assert (result.status, result.external_ref) == ("duplicate", "w-3")
    bank.respond(409, {}, path="/wires/lookup")  # no longer the duplicate code: inconclusive
    assert connector.observe(make_effect()).status == "stuck"


# ---- the store refuses an absent nobody saw ------------------------------------------------


def test_store_refuses_absent_without_an_observer(tj: Journal, bank: FakeUpstream) -> None:
    run_id = new_run(tj)
    lost = unknown(tj, run_id, 0)
    claimed = tj.begin_effect(
        run_id=run_id,
        decision_index=1,
        tool_name="wire_money",
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector="bank.blind",
    )
    tj.claim_effect_dispatch(run_id=run_id, idempotency_key=claimed.idempotency_key, claimer="d")
    before = dump(tj)
    cases: list[tuple[type[Exception], str, dict[str, Any]]] = [
        (ObservationRequired, "record_external_observation", {"resolution": "absent"}),
        (
            ObservationRequired,
            "record_external_observation",
            {"resolution": "absent", "observed_by": ""},
        ),
        (
            InvalidArgument,
            "record_external_observation",
            {"resolution": "absent", "observed_by": "a-guess"},
        ),
        (InvalidArgument, "record_external_observation", {"resolution": 3, "observed_by": 7}),
        (ObservationRequired, "reconcile_effect", {"resolved_status": "pending"}),
        (ObservationRequired, "reconcile_effect", {"resolved_status": "pending", "note": "hm"}),
    ]
    for key in (lost.idempotency_key, claimed.idempotency_key):  # UNKNOWN, and PENDING claimed
        for error, method, kwargs in cases:
            with pytest.raises(error) as info:
                getattr(tj, method)(run_id=run_id, idempotency_key=key, **kwargs)
            if error is ObservationRequired:
                assert isinstance(info.value, IllegalTransition)
                assert info.value.current.idempotency_key == key
                assert "tape resolve" in str(info.value)
            assert dump(tj) == before, (method, kwargs)
    assert now(tj, lost).status == EffectStatus.UNKNOWN
    assert now(tj, claimed).dispatch_claimed_by == "d"


@pytest.mark.parametrize("observed_by", ["connector", "status_check", "operator"])
def test_absent_with_an_observer_is_journaled_with_it(
    tj: Journal, bank: FakeUpstream, observed_by: str
) -> None:
    effect = unknown(tj, new_run(tj))
    got = tj.record_external_observation(
        run_id=effect.run_id,
        idempotency_key=effect.idempotency_key,
        resolution="absent",
        observed_by=observed_by,
    )
    assert got.status == EffectStatus.PENDING
    last = transitions(tj, effect)[-1]
    assert (last["transition"], last["observed_by"]) == ("observed-absent", observed_by)


def test_operator_paths_still_send_it_again(tj: Journal, bank: FakeUpstream) -> None:
    run_id = new_run(tj)
    resolved, reconciled = unknown(tj, run_id, 0), unknown(tj, run_id, 1)
    got = tj.resolve_effect(
        run_id=run_id, idempotency_key=resolved.idempotency_key, action="absent", operator="ann"
    )
    assert got.status == EffectStatus.PENDING
    got = tj.reconcile_effect(
        run_id=run_id,
        idempotency_key=reconciled.idempotency_key,
        resolved_status="pending",
        operator="ann",
        note="not on the bank statement",
    )
    assert got.status == EffectStatus.PENDING


def test_idempotent_effect_may_be_resent_unobserved(tj: Journal, bank: FakeUpstream) -> None:
    effect = unknown(tj, new_run(tj), semantics=EffectSemantics.IDEMPOTENT)
    got = tj.record_external_observation(
        run_id=effect.run_id, idempotency_key=effect.idempotency_key, resolution="absent"
    )
    assert got.status == EffectStatus.PENDING
    last = transitions(tj, effect)[-1]
    assert (last["transition"], last["observed_by"]) == ("redispatch-unobserved", "nobody")


# ---- the reconciler, per semantics ---------------------------------------------------------


def test_non_idempotent_nobody_can_observe_is_stuck_and_told(
    tj: Journal, bank: FakeUpstream, caplog: pytest.LogCaptureFixture
) -> None:
    run_id = new_run(tj)
    effect = unknown(tj, run_id)
    with caplog.at_level(logging.ERROR, logger="tape.reactors.reconcile"):
        (row,) = reconcile.run_once(tj)
    assert (row["result"], row["stuck"], row["observed"], row["observed_by"]) == (
        "unknown",
        True,
        "unobservable",
        "nobody",
    )
    stuck = now(tj, effect)
    assert stuck.status == EffectStatus.UNKNOWN and stuck.stuck_at_ms > 0
    assert "cannot observe" in stuck.response["reason"]
    assert "no status check" in stuck.response["reason"]
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    assert transitions(tj, effect)[-1]["transition"] == "observed-stuck"
    (record,) = [r for r in caplog.records if getattr(r, "action", "") == "effect-stuck"]
    assert record.levelno == logging.ERROR
    assert not [r for r in bank.requests if r.path == "/wires/lookup"]  # it never asked
    assert tj.list_effects_to_dispatch(now_ms=10**15) == []


def test_a_connector_that_cannot_observe_is_never_asked(tj: Journal, bank: FakeUpstream) -> None:
    class Blind:
        name = "blind"
        can_observe = False

        def dispatch(self, effect: Any) -> Any:
            raise AssertionError("not dispatched here")

        def observe(self, effect: Any) -> ObservationResult:
            raise AssertionError("a connector that cannot observe is not asked")

        def compensate(self, obligation: Any) -> Any:
            raise AssertionError("not compensated here")

    connector_registry.register(Blind())
    effect = unknown(tj, new_run(tj), connector="blind")
    (row,) = reconcile.run_once(tj)
    assert row["stuck"] is True
    assert now(tj, effect).status == EffectStatus.UNKNOWN


def test_status_check_decides_when_the_connector_cannot(tj: Journal, bank: FakeUpstream) -> None:
    answers: dict[str, Any] = {
        "found_tool": True,
        "missing_tool": False,
        "twice_tool": {"count": 2},
    }
    for tool, answer in answers.items():

        def check(effect: EffectRecord, a: Any = answer) -> Any:
            return a

        registry.register_status_check(tool, check)
    run_id = new_run(tj)
    made = {tool: unknown(tj, run_id, i, tool=tool) for i, tool in enumerate(answers)}
    results = {r["tool"]: r for r in reconcile.run_once(tj)}
    assert {t: (r["result"], r["observed_by"]) for t, r in results.items()} == {
        "found_tool": ("confirmed", "status_check"),
        "missing_tool": ("pending", "status_check"),
        "twice_tool": ("confirmed", "status_check"),
    }
    assert transitions(tj, made["missing_tool"])[-1]["observed_by"] == "status_check"
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNING


def test_status_check_decides_when_the_connector_is_inconclusive(
    tj: Journal, bank: FakeUpstream
) -> None:
    registry.register_status_check("wire_money", lambda e: {"found": True, "external_ref": "w9"})
    bank.respond(503, path="/wires/lookup", times=None)
    effect = unknown(tj, new_run(tj), connector="bank.wire")
    (row,) = reconcile.run_once(tj)
    assert (row["result"], row["observed_by"]) == ("confirmed", "status_check")
    assert now(tj, effect).external_ref == "w9"
    assert len([r for r in bank.requests if r.path == "/wires/lookup"]) == 1  # asked first


def test_connector_and_check_both_inconclusive_is_stuck(tj: Journal, bank: FakeUpstream) -> None:
    registry.register_status_check("wire_money", lambda e: {"status": "inconclusive"})
    bank.respond(503, path="/wires/lookup", times=None)
    effect = unknown(tj, new_run(tj), connector="bank.wire")
    (row,) = reconcile.run_once(tj)
    assert (row["stuck"], row["observed"]) == (True, "stuck")
    held = now(tj, effect)
    assert held.status == EffectStatus.UNKNOWN and held.stuck_at_ms > 0
    assert set(held.response) >= {"reason", "connector", "status_check"}


def test_a_connector_look_wins_over_the_check(tj: Journal, bank: FakeUpstream) -> None:
    registry.register_status_check("wire_money", lambda e: True)
    effect = unknown(tj, new_run(tj), connector="bank.wire")  # the bank has no such wire
    (row,) = reconcile.run_once(tj)
    assert (row["result"], row["observed"], row["observed_by"]) == (
        "pending",
        "absent",
        "connector",
    )
    assert now(tj, effect).status == EffectStatus.PENDING


def test_idempotent_nobody_can_observe_is_resent_with_its_key(
    tj: Journal, bank: FakeUpstream, clock: FakeClock
) -> None:
    effect = unknown(tj, new_run(tj), semantics=EffectSemantics.IDEMPOTENT)
    (row,) = reconcile.run_once(tj)
    assert (row["result"], row["observed_by"]) == ("pending", "nobody")
    back = now(tj, effect)
    assert back.status == EffectStatus.PENDING and back.idempotency_key == effect.idempotency_key
    assert back.next_dispatch_at_ms >= clock.now  # after the settle window


def test_idempotent_out_of_attempts_is_stuck(tj: Journal, bank: FakeUpstream) -> None:
    run_id = new_run(tj)
    effect = tj.begin_effect(
        run_id=run_id,
        decision_index=0,
        tool_name="mail",
        semantics=EffectSemantics.IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector="bank.blind",
        max_attempts=1,
    )
    tj.claim_effect_dispatch(run_id=run_id, idempotency_key=effect.idempotency_key, claimer="d")
    tj.record_dispatch_attempt(
        run_id=run_id, idempotency_key=effect.idempotency_key, next_dispatch_at_ms=0, claimer="d"
    )
    (row,) = reconcile.run_once(tj)
    assert row["stuck"] is True
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK


def test_unregistered_connector_is_stuck_for_non_idempotent(
    tj: Journal, bank: FakeUpstream
) -> None:
    effect = unknown(tj, new_run(tj), connector="not.here")
    (row,) = reconcile.run_once(tj)
    assert row["stuck"] is True
    assert "not registered" in now(tj, effect).response["reason"]


def test_resolve_confirm_releases_the_run(tj: Journal, bank: FakeUpstream) -> None:
    run_id = new_run(tj)
    effect = unknown(tj, run_id)
    reconcile.run_once(tj)
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    tj.resolve_effect(
        run_id=run_id, idempotency_key=effect.idempotency_key, action="confirm", operator="ann"
    )
    assert now(tj, effect).status == EffectStatus.CONFIRMED
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNABLE
