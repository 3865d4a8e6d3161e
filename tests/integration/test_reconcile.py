"""The reconcile pass in-process (docs/reconciler.md, docs/design.md decision 4) and operator
resolution.

Against a real HTTP upstream (FakeUpstream, HTTPConnector with its lookup endpoint) and
registered status checks; both backends.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tape import (
    DispatchMode,
    EffectRecord,
    EffectStatus,
    Journal,
    ObligationStatus,
    RunStatus,
    registry,
)
from tape import connectors as connector_registry
from tape.connectors import ObservationResult
from tape.errors import EffectNotFound, IllegalTransition, InvalidArgument
from tape.reactors import reconcile
from tape.testing import FakeUpstream
from tests.support.clock import FakeClock
from tests.support.runs import lost_ack_effect

SECRET = "acct-SECRET-4242"


@pytest.fixture
def bank() -> Iterator[FakeUpstream]:
    saved, saved_connectors = registry.snapshot(), connector_registry.snapshot()
    connector_registry.clear()
    registry.clear()
    with FakeUpstream() as upstream:
        connector_registry.register(upstream.http_connector("bank.wire", timeout_s=2))
        yield upstream
    connector_registry.restore(saved_connectors)
    registry.restore(saved)


class Stub:
    """The connector methods a reconcile test does not use."""

    def dispatch(self, effect: Any) -> Any:
        raise AssertionError("the reconciler never dispatches")

    def compensate(self, obligation: Any) -> Any:
        raise AssertionError("the reconciler never compensates")


def new_run(j: Journal) -> str:
    return j.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id=uuid.uuid4().hex, lease_owner="w"
    ).run_id


def unknown_effect(
    j: Journal, run_id: str, index: int = 0, *, connector: str = "bank.wire", **kw: Any
) -> EffectRecord:
    """An OUTBOX NON_IDEMPOTENT effect whose dispatch outcome was lost."""
    effect: EffectRecord = lost_ack_effect(
        j,
        run_id,
        index,
        tool=kw.pop("tool", "wire_money"),
        connector=connector,
        request_json={"account": SECRET, "amount": 100},
        **kw,
    )
    return effect


def book(bank: FakeUpstream, key: str) -> None:
    """The bank books a wire under this Idempotency-Key (as if the lost call had landed)."""
    requests.post(f"{bank.url}/wires", headers={"Idempotency-Key": key}, json={}, timeout=5)


def now(j: Journal, e: EffectRecord) -> EffectRecord:
    got = j.get_effect(run_id=e.run_id, idempotency_key=e.idempotency_key)
    assert got is not None
    return got


def by_key(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["idempotency_key"]: r for r in results}


# ---- docs/reconciler.md's table -------------------------------------------------------------


def test_each_row_of_the_table(tj: Journal, bank: FakeUpstream, clock: FakeClock) -> None:
    run_id = new_run(tj)
    present = unknown_effect(tj, run_id, 0)
    absent = unknown_effect(tj, run_id, 1)
    duplicate = unknown_effect(tj, run_id, 2, compensate_kind="reverse_wire")
    failed = unknown_effect(tj, run_id, 3)
    book(bank, present.idempotency_key)
    book(bank, duplicate.idempotency_key)
    book(bank, duplicate.idempotency_key)
    bank.respond(200, {"status": "failed"}, path="/wires/lookup", key=failed.idempotency_key)

    results = by_key(reconcile.run_once(tj))

    assert {k: r["result"] for k, r in results.items()} == {
        present.idempotency_key: "confirmed",
        absent.idempotency_key: "pending",
        duplicate.idempotency_key: "confirmed",
        failed.idempotency_key: "failed",
    }
    assert now(tj, present).status == EffectStatus.CONFIRMED
    assert now(tj, present).external_ref == "wire-1"
    back = now(tj, absent)
    assert back.status == EffectStatus.PENDING
    assert back.next_dispatch_at_ms >= clock.now  # the outbox sends it again
    assert now(tj, duplicate).status == EffectStatus.CONFIRMED
    (owed,) = tj.list_obligations(run_id=run_id)
    assert (owed.effect_key, owed.kind) == (duplicate.idempotency_key, "reverse_wire")
    assert owed.status == ObligationStatus.PENDING
    assert now(tj, failed).status == EffectStatus.FAILED
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNING  # nothing stuck
    # Settled effects are not claimed again.
    assert reconcile.run_once(tj) == []


def test_inconclusive_is_stuck_run_stuck_and_logged_without_payload(
    tj: Journal, bank: FakeUpstream, caplog: pytest.LogCaptureFixture
) -> None:
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id)
    bank.respond(503, {"error": "down"}, path="/wires/lookup")

    with caplog.at_level(logging.ERROR, logger="tape.reactors.reconcile"):
        (row,) = reconcile.run_once(tj)

    assert row["result"] == "unknown" and row["stuck"] is True
    stuck = now(tj, effect)
    assert stuck.status == EffectStatus.UNKNOWN and stuck.stuck_at_ms > 0
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
    observed = [
        r.payload
        for r in tj.read_journal(run_id=run_id, kind="effect")
        if r.payload.get("transition") == "observed-stuck"
    ]
    assert observed and observed[0]["stuck"] is True
    (record,) = [r for r in caplog.records if getattr(r, "action", "") == "effect-stuck"]
    assert record.levelno == logging.ERROR
    assert (record.run_id, record.effect_key) == (run_id, effect.idempotency_key)  # type: ignore[attr-defined]
    assert SECRET not in caplog.text
    assert all(SECRET not in str(v) for v in vars(record).values())


def test_observe_raising_is_stuck(tj: Journal, bank: FakeUpstream) -> None:
    class Broken(Stub):
        name = "broken"

        def observe(self, effect: Any) -> Any:
            raise ConnectionError("lookup API down")

    connector_registry.register(Broken())
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id, connector="broken")
    (row,) = reconcile.run_once(tj)
    assert row["stuck"] is True
    stuck = now(tj, effect)
    assert stuck.status == EffectStatus.UNKNOWN and stuck.stuck_at_ms > 0
    assert "ConnectionError" in stuck.response_json
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK


def test_async_observe(tj: Journal, bank: FakeUpstream) -> None:
    class Async(Stub):
        name = "async"

        async def observe(self, effect: Any) -> ObservationResult:
            return ObservationResult(kind="present", external_ref="ref-9")

    connector_registry.register(Async())
    effect = unknown_effect(tj, new_run(tj), connector="async")
    assert reconcile.run_once(tj)[0]["result"] == "confirmed"
    assert now(tj, effect).external_ref == "ref-9"


# ---- status checks, inline effects ------------------------------------------------------------


def inline_effect(j: Journal, run_id: str, tool: str, index: int = 0) -> EffectRecord:
    return j.begin_effect(
        run_id=run_id, decision_index=index, tool_name=tool, request_json={"to": SECRET}
    )


def test_status_checks(tj: Journal, bank: FakeUpstream, clock: FakeClock) -> None:
    answers: dict[str, Any] = {
        "found": {"found": True, "external_ref": "mail-1"},
        "missing": False,
        "twice": {"count": 2},
        "rejected": {"status": "failed"},
        "shrug": {"status": "inconclusive"},
    }
    for tool, answer in answers.items():

        def check(effect: EffectRecord, a: Any = answer) -> Any:
            return a

        registry.register_status_check(tool, check)
    run_id = new_run(tj)
    made = {}
    for i, tool in enumerate(answers):
        effect = inline_effect(tj, run_id, tool, i)
        made[tool] = tj.complete_effect(
            run_id=run_id, idempotency_key=effect.idempotency_key, status="unknown"
        )
    unchecked = inline_effect(tj, run_id, "no_check", 99)
    tj.complete_effect(run_id=run_id, idempotency_key=unchecked.idempotency_key, status="unknown")

    results = by_key(reconcile.run_once(tj))

    got = {tool: results[e.idempotency_key]["result"] for tool, e in made.items()}
    assert got == {
        "found": "confirmed",
        "missing": "pending",  # an INLINE effect goes back to PENDING: re-drive redoes it
        "twice": "confirmed",
        "rejected": "failed",
        "shrug": "unknown",
    }
    assert now(tj, made["found"]).external_ref == "mail-1"
    assert [o.effect_key for o in tj.list_obligations(run_id=run_id)] == [
        made["twice"].idempotency_key
    ]
    # Nobody can observe it, and it is IDEMPOTENT: back to PENDING, redone with its key.
    assert results[unchecked.idempotency_key]["result"] == "pending"
    assert results[unchecked.idempotency_key]["observed_by"] == "nobody"
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK


def test_pending_inline_effects_after_the_cutoff(
    tj: Journal, bank: FakeUpstream, clock: FakeClock
) -> None:
    seen: list[str] = []

    def check(effect: EffectRecord) -> bool:
        seen.append(effect.tool_name)
        return effect.tool_name == "landed"

    registry.register_status_check("landed", check)
    registry.register_status_check("never_called", check)
    run_id = new_run(tj)
    landed = inline_effect(tj, run_id, "landed", 0)
    never = inline_effect(tj, run_id, "never_called", 1)
    outbox_pending = tj.begin_effect(
        run_id=run_id,
        decision_index=2,
        tool_name="landed",
        dispatch_mode=DispatchMode.OUTBOX,
        connector="bank.wire",
    )
    options = reconcile.ReconcileOptions(pending_after_ms=10_000)

    assert reconcile.run_once(tj, options) == []  # too young: the agent may still be calling
    clock.advance(10_001)
    results = by_key(reconcile.run_once(tj, options))

    assert set(results) == {landed.idempotency_key, never.idempotency_key}  # not the outbox's
    assert results[landed.idempotency_key]["result"] == "confirmed"
    assert results[never.idempotency_key]["result"] == "left-pending"
    untouched = now(tj, never)
    assert untouched.status == EffectStatus.PENDING and untouched.stuck_at_ms == 0
    assert now(tj, outbox_pending).status == EffectStatus.PENDING
    assert reconcile.run_once(tj, reconcile.ReconcileOptions(pending_after_ms=0)) == []


# ---- claims and backoff ------------------------------------------------------------------------


def test_two_concurrent_passes_observe_each_effect_once(tj: Journal, bank: FakeUpstream) -> None:
    calls: Counter[str] = Counter()
    lock = threading.Lock()

    class Counting(Stub):
        name = "counting"

        def observe(self, effect: EffectRecord) -> ObservationResult:
            with lock:
                calls[effect.idempotency_key] += 1
            time.sleep(0.005)
            return ObservationResult("confirmed")

    connector_registry.register(Counting())
    run_ids = [new_run(tj) for _ in range(3)]
    effects = [unknown_effect(tj, run_ids[i % 3], i, connector="counting") for i in range(30)]
    start = threading.Barrier(2)
    out: list[list[dict[str, Any]]] = []

    def one_pass() -> None:
        start.wait()
        out.append(reconcile.run_once(tj, reconcile.ReconcileOptions(limit=20, concurrency=4)))

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # The racing passes claimed 20 each at most and observed all they claimed; one more pass
    # (limit 200) claims and observes whatever is left.
    if any(now(tj, e).status == EffectStatus.UNKNOWN for e in effects):
        out.append(reconcile.run_once(tj))
    assert [e.idempotency_key for e in effects if now(tj, e).status != EffectStatus.CONFIRMED] == []
    assert set(calls) == {e.idempotency_key for e in effects}
    assert set(calls.values()) == {1}
    assert sum(len(o) for o in out) == 30


def test_stuck_effects_are_reobserved_on_the_slow_backoff(
    tj: Journal, bank: FakeUpstream, clock: FakeClock
) -> None:
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id)
    bank.respond(503, path="/wires/lookup", times=None)

    def lookups() -> int:
        return sum(1 for r in bank.requests if r.path == "/wires/lookup")

    reconcile.run_once(tj)
    first = now(tj, effect)
    assert lookups() == 1 and first.reconcile_attempts == 1
    wait = first.next_reconcile_at_ms - clock.now
    assert wait >= 30_000  # slow

    clock.advance(wait - 1)
    assert reconcile.run_once(tj) == []
    assert lookups() == 1
    clock.advance(1)
    assert reconcile.run_once(tj)[0]["stuck"] is True
    assert lookups() == 2
    second = now(tj, effect)
    assert second.next_reconcile_at_ms - clock.now > wait  # backing off
    assert second.stuck_at_ms == first.stuck_at_ms

    bank.clear_faults()
    book(bank, effect.idempotency_key)
    clock.advance(15 * 60_000)  # the cap
    assert reconcile.run_once(tj)[0]["result"] == "confirmed"
    settled = now(tj, effect)
    assert settled.stuck_at_ms == 0 and settled.status == EffectStatus.CONFIRMED


def test_reconcile_one_claims_first(tj: Journal, bank: FakeUpstream) -> None:
    effect = unknown_effect(tj, new_run(tj))
    book(bank, effect.idempotency_key)
    held = tj.claim_effect_to_reconcile(
        run_id=effect.run_id, idempotency_key=effect.idempotency_key
    )
    assert held is not None
    assert reconcile.reconcile_one(tj, effect)["result"] == "skipped"  # a pass holds it
    assert reconcile.reconcile_one(tj, held, claim=False)["result"] == "confirmed"
    assert reconcile.reconcile_one(tj, held)["result"] == "skipped"  # settled


# ---- operator resolution ------------------------------------------------------------------------


def stuck_effect(j: Journal, run_id: str, index: int, **kw: Any) -> EffectRecord:
    effect = unknown_effect(j, run_id, index, **kw)
    return j.record_external_observation(
        run_id=run_id, idempotency_key=effect.idempotency_key, resolution="stuck"
    )


def test_resolve_each_action(tj: Journal, bank: FakeUpstream, clock: FakeClock) -> None:
    run_id = new_run(tj)
    confirm, compensate, absent, fail = (stuck_effect(tj, run_id, i) for i in range(4))
    kinded = stuck_effect(tj, run_id, 4, compensate_kind="reverse_wire")
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK

    def resolve(e: EffectRecord, action: str) -> EffectRecord:
        return tj.resolve_effect(
            run_id=run_id,
            idempotency_key=e.idempotency_key,
            action=action,
            operator="alice",
            note=f"checked the books ({action})",
        )

    assert resolve(confirm, "confirm").status == EffectStatus.CONFIRMED
    assert resolve(compensate, "compensate").status == EffectStatus.CONFIRMED
    again = resolve(absent, "absent")
    assert again.status == EffectStatus.PENDING and again.next_dispatch_at_ms == clock.now
    assert again.stuck_at_ms == 0
    assert resolve(fail, "fail").status == EffectStatus.FAILED
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK  # one stuck effect remains
    resolve(kinded, "compensate")
    run = tj.get_run(run_id=run_id)
    assert run.status == RunStatus.RUNNABLE  # released: recovery re-drives it

    kinds = {o.effect_key: o.kind for o in tj.list_obligations(run_id=run_id)}
    assert kinds == {
        compensate.idempotency_key: "operator-compensate",
        kinded.idempotency_key: "reverse_wire",
    }
    resolved = [
        r.payload
        for r in tj.read_journal(run_id=run_id, kind="effect")
        if r.payload.get("transition") == "operator-resolved"
    ]
    assert [(p["action"], p["operator"]) for p in resolved] == [
        ("confirm", "alice"),
        ("compensate", "alice"),
        ("absent", "alice"),
        ("fail", "alice"),
        ("compensate", "alice"),
    ]
    assert resolved[0]["note"] == "checked the books (confirm)"
    released = [r.payload for r in tj.read_journal(run_id=run_id, kind="run")][-1]
    assert (released["status"], released["operator"]) == ("runnable", "alice")


def test_resolve_refusals(tj: Journal, bank: FakeUpstream) -> None:
    run_id = new_run(tj)
    effect = stuck_effect(tj, run_id, 0)
    tj.resolve_effect(
        run_id=run_id, idempotency_key=effect.idempotency_key, action="confirm", operator="bob"
    )
    with pytest.raises(IllegalTransition, match="is CONFIRMED; only an UNKNOWN"):
        tj.resolve_effect(
            run_id=run_id, idempotency_key=effect.idempotency_key, action="fail", operator="bob"
        )
    pending = inline_effect(tj, run_id, "send", 1)
    with pytest.raises(IllegalTransition, match="is PENDING"):
        tj.resolve_effect(
            run_id=run_id, idempotency_key=pending.idempotency_key, action="fail", operator="bob"
        )
    with pytest.raises(EffectNotFound):
        tj.resolve_effect(run_id=run_id, idempotency_key="nope", action="fail", operator="bob")
    with pytest.raises(InvalidArgument):
        tj.resolve_effect(
            run_id=run_id, idempotency_key=effect.idempotency_key, action="maybe", operator="b"
        )
    with pytest.raises(InvalidArgument):
        tj.resolve_effect(
            run_id=run_id, idempotency_key=effect.idempotency_key, action="fail", operator=""
        )


def test_resolve_unknown_effect_of_a_running_run_leaves_the_run(
    tj: Journal, bank: FakeUpstream
) -> None:
    run_id = new_run(tj)
    effect = unknown_effect(tj, run_id)  # UNKNOWN, not stuck; the run is RUNNING
    tj.resolve_effect(
        run_id=run_id, idempotency_key=effect.idempotency_key, action="absent", operator="c"
    )
    assert tj.get_run(run_id=run_id).status == RunStatus.RUNNING


def test_a_stuck_obligation_keeps_the_run_stuck(tj: Journal, bank: FakeUpstream) -> None:
    run_id = new_run(tj)
    effect = stuck_effect(tj, run_id, 0)
    owed = tj.register_compensation(
        run_id=run_id, effect_key=effect.idempotency_key, kind="reverse"
    )
    tj.resolve_obligation(run_id=run_id, obligation_seq=owed.seq, status="stuck")
    tj.resolve_effect(
        run_id=run_id, idempotency_key=effect.idempotency_key, action="confirm", operator="d"
    )
    assert tj.get_run(run_id=run_id).status == RunStatus.STUCK
