"""The compensation drainer and the compensate_run saga (both backends)."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import (
    Journal,
    ObligationRecord,
    ObligationStatus,
    RunStatus,
    compensate_run,
    connectors,
    registry,
)
from tape.connectors import CompensationResult
from tape.errors import CompensationStuck
from tape.reactors import compensate
from tests.support import compensators
from tests.support.clock import FakeClock


@pytest.fixture(autouse=True)
def clean_registries() -> Iterator[None]:
    saved, saved_connectors = registry.snapshot(), connectors.snapshot()
    registry.clear()
    connectors.clear()
    compensators.calls.clear()
    yield
    registry.restore(saved)
    connectors.restore(saved_connectors)


OPTS = compensate.CompensateOptions(claimer="drainer-1", backoff_base_ms=1000)


def new_run(j: Journal) -> str:
    return j.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id=uuid.uuid4().hex, lease_owner="w"
    ).run_id


def owe(
    j: Journal,
    run_id: str,
    kind: str,
    *,
    index: int = 0,
    connector: str = "",
    payload: Any = None,
    ref: str = "",
    max_attempts: int = 0,
    due: bool = True,
) -> ObligationRecord:
    """Owe an inverse. ``due`` (the default here, where the pass itself is under test): owed
    now, as a duplicate's extra is; held ones wait for their run to be undone."""
    effect = j.begin_effect(
        run_id=run_id, decision_index=index, tool_name=f"tool_{index}", connector=connector
    )
    return j.register_compensation(
        run_id=run_id,
        effect_key=effect.idempotency_key,
        kind=kind,
        payload_json=payload if payload is not None else {"n": index},
        compensator_ref=ref,
        max_attempts=max_attempts,
        due=due,
    )


def current(j: Journal, ob: ObligationRecord) -> ObligationRecord:
    (found,) = [o for o in j.list_obligations(run_id=ob.run_id) if o.seq == ob.seq]
    return found


def test_fails_twice_then_succeeds(tj: Journal, clock: FakeClock) -> None:
    calls: list[dict[str, Any]] = []

    def flaky(**payload: Any) -> dict[str, Any]:
        calls.append(payload)
        if len(calls) <= 2:
            raise ConnectionError(f"upstream down ({len(calls)})")
        return {"ok": True, "undone": payload["n"]}

    registry.register_compensator("undo_flaky", flaky)
    ob = owe(tj, new_run(tj), "undo_flaky", index=7)

    first = compensate.run_once(tj, OPTS)
    assert [r["result"] for r in first] == ["retry-scheduled"]
    after = current(tj, ob)
    assert after.status == ObligationStatus.PENDING and after.attempts == 1
    assert "upstream down (1)" in after.last_error
    assert after.next_attempt_at_ms == clock.now + 1000  # backoff 1 s * 2^0
    assert compensate.run_once(tj, OPTS) == []  # not due yet

    clock.advance(1000)
    assert [r["result"] for r in compensate.run_once(tj, OPTS)] == ["retry-scheduled"]
    assert current(tj, ob).next_attempt_at_ms == clock.now + 2000  # 1 s * 2^1
    clock.advance(2000)
    assert [r["result"] for r in compensate.run_once(tj, OPTS)] == ["compensated"]
    done = current(tj, ob)
    assert done.status == ObligationStatus.COMPENSATED
    assert done.attempts == 2
    assert json.loads(done.result_json) == {"ok": True, "undone": 7}
    assert len(calls) == 3 and calls[0] == {"n": 7}
    clock.advance(60_000)
    assert compensate.run_once(tj, OPTS) == []


def test_always_failing_goes_stuck_with_its_error(
    tj: Journal, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(**_: Any) -> None:
        raise RuntimeError("reversal refused: account closed")

    registry.register_compensator("undo_broken", broken)
    ob = owe(tj, new_run(tj), "undo_broken", max_attempts=3, payload={"secret": "s3cr3t"})
    results: list[str] = []
    with caplog.at_level(logging.ERROR, logger="tape.reactors.compensate"):
        for _ in range(3):
            results += [r["result"] for r in compensate.run_once(tj, OPTS)]
            clock.advance(10_000)
    assert results == ["retry-scheduled", "retry-scheduled", "stuck"]
    stuck = current(tj, ob)
    assert stuck.status == ObligationStatus.STUCK and stuck.attempts == 3
    assert "reversal refused: account closed" in stuck.last_error
    (record,) = [r for r in caplog.records if getattr(r, "action", "") == "obligation-stuck"]
    assert record.levelno == logging.ERROR and record.kind == "undo_broken"  # type: ignore[attr-defined]
    assert "s3cr3t" not in record.getMessage() + json.dumps(record.__dict__, default=str)
    clock.advance(600_000)
    assert compensate.run_once(tj, OPTS) == []  # STUCK waits for a human


def test_compensator_ref_names_a_registered_compensator(tj: Journal) -> None:
    # The migration path from a module:attr ref: register the function, store its name.
    tape.register_compensator("reverse_wire_by_ref", compensators.reverse_wire)
    registry.register_compensator("undo_by_kind", lambda **p: {"by": "kind"})
    run_id = new_run(tj)
    ob = owe(tj, run_id, "wire", payload={"wire_id": "w-1"}, ref="reverse_wire_by_ref")
    # The ref, when there is one, decides, whatever is registered for the kind.
    both = owe(tj, run_id, "undo_by_kind", index=1, ref="reverse_wire_by_ref")
    results = compensate.run_once(tj, OPTS)
    assert {r["result"] for r in results} == {"compensated"}
    assert json.loads(current(tj, ob).result_json) == {"ok": True, "reversed": "w-1"}
    assert json.loads(current(tj, both).result_json) == {"ok": True, "reversed": None}
    assert compensators.calls == [{"n": 1}, {"wire_id": "w-1"}]  # newest first


def test_a_ref_the_worker_did_not_register_is_stuck_at_once(
    tj: Journal, caplog: pytest.LogCaptureFixture
) -> None:
    registry.register_compensator("refund", lambda **p: {"ok": True})
    registry.register_compensator("wire", lambda **p: {"by": "kind"})
    ob = owe(tj, new_run(tj), "wire", ref="refund", max_attempts=10)
    registry.clear()  # this worker does not import the module that registers "refund"
    registry.register_compensator("wire", lambda **p: {"by": "kind"})
    with caplog.at_level(logging.ERROR, logger="tape.reactors.compensate"):
        assert [r["result"] for r in compensate.run_once(tj, OPTS)] == ["stuck"]
    stuck = current(tj, ob)
    assert stuck.status == ObligationStatus.STUCK and stuck.attempts == 1
    error = json.loads(stuck.last_error)
    assert error["type"] == "UnknownCompensator" and "'refund'" in error["error"]
    refused = [r for r in caplog.records if getattr(r, "action", "") == "compensator-ref-refused"]
    assert len(refused) == 1 and refused[0].levelno == logging.ERROR


class UndoConnector:
    name = "test.undo"

    def __init__(self, outcomes: list[str]) -> None:
        self.outcomes = outcomes
        self.seen: list[int] = []

    def dispatch(self, effect: Any) -> Any:
        raise NotImplementedError

    def observe(self, effect: Any) -> Any:
        raise NotImplementedError

    async def compensate(self, obligation: ObligationRecord) -> CompensationResult:
        self.seen.append(obligation.seq)
        status = self.outcomes.pop(0)
        if status == "failed":
            return CompensationResult("failed", error={"code": 503})
        return CompensationResult("compensated", response={"reversal": f"r-{obligation.seq}"})


def test_connector_compensate(tj: Journal, clock: FakeClock) -> None:
    connector = UndoConnector(["failed", "compensated"])
    connectors.register(connector)
    ob = owe(tj, new_run(tj), "reverse", connector="test.undo")
    assert [r["result"] for r in compensate.run_once(tj, OPTS)] == ["retry-scheduled"]
    assert json.loads(current(tj, ob).last_error) == {"code": 503}
    clock.advance(1000)
    assert [r["result"] for r in compensate.run_once(tj, OPTS)] == ["compensated"]
    done = current(tj, ob)
    assert done.status == ObligationStatus.COMPENSATED
    assert json.loads(done.result_json) == {"reversal": f"r-{ob.seq}"}
    assert connector.seen == [ob.seq, ob.seq]


def test_no_inverse_is_stuck_at_once(tj: Journal) -> None:
    ob = owe(tj, new_run(tj), "nobody_knows", max_attempts=10)
    assert [r["result"] for r in compensate.run_once(tj, OPTS)] == ["stuck"]
    stuck = current(tj, ob)
    assert stuck.status == ObligationStatus.STUCK and stuck.attempts == 1
    assert json.loads(stuck.last_error) == {"error": "no compensator registered for 'nobody_knows'"}


def test_lifo_within_a_run_and_one_claim_per_obligation(tj: Journal) -> None:
    order: list[int] = []

    def undo(n: int) -> dict[str, bool]:
        order.append(n)
        return {"ok": True}

    registry.register_compensator("undo", undo)
    run_a, run_b = new_run(tj), new_run(tj)
    for i in range(4):
        owe(tj, run_a, "undo", index=i)
    owe(tj, run_b, "undo", index=10)
    results = compensate.run_once(tj, OPTS)
    assert [r["result"] for r in results] == ["compensated"] * 5
    assert [n for n in order if n < 10] == [3, 2, 1, 0]
    # A second drainer finds nothing: every row was claimed and resolved.
    other = compensate.CompensateOptions(claimer="drainer-2")
    assert compensate.run_once(tj, other) == []


def test_a_dead_drainers_claim_expires_and_is_taken_over(tj: Journal, clock: FakeClock) -> None:
    registry.register_compensator("undo", lambda **p: {"ok": True})
    ob = owe(tj, new_run(tj), "undo")
    assert tj.claim_obligation(
        run_id=ob.run_id, obligation_seq=ob.seq, claimer="dead", lease_ttl_ms=5000
    ).acquired
    assert compensate.run_once(tj, OPTS) == []  # claimed by a live drainer
    clock.advance(5000)
    assert [r["result"] for r in compensate.run_once(tj, OPTS)] == ["compensated"]


def test_compensate_run_all_ok(tj: Journal) -> None:
    registry.register_compensator("undo_a", lambda **p: {"a": p["n"]})
    registry.register_compensator("undo_b", lambda **p: {"b": p["n"]})
    run_id = new_run(tj)
    owe(tj, run_id, "undo_a", index=0)
    owe(tj, run_id, "undo_b", index=1)
    detail = compensate_run(tj, run_id)
    assert detail == {"compensated": ["undo_b", "undo_a"], "stuck": []}
    run = tj.get_run(run_id=run_id)
    assert run.status == RunStatus.FAILED
    assert json.loads(run.detail_json) == detail
    assert all(o.status == ObligationStatus.COMPENSATED for o in tj.list_obligations(run_id=run_id))


def test_compensate_run_with_a_missing_compensator_is_stuck(tj: Journal, clock: FakeClock) -> None:
    registry.register_compensator("undo_a", lambda **p: {"ok": True})
    registry.register_compensator(
        "undo_flaky", lambda **p: (_ for _ in ()).throw(RuntimeError("nope"))
    )
    run_id = new_run(tj)
    owe(tj, run_id, "undo_a", index=0)
    owe(tj, run_id, "missing", index=1)
    backing_off = owe(tj, run_id, "undo_flaky", index=2)
    compensate.run_once(tj, OPTS)  # all three tried; undo_flaky backs off, missing is STUCK
    assert current(tj, backing_off).status == ObligationStatus.PENDING
    with pytest.raises(CompensationStuck, match="needs a human") as info:
        compensate_run(tj, run_id)
    assert info.value.stuck == ["undo_flaky"]  # the saga runs a backing-off inverse now
    run = tj.get_run(run_id=run_id)
    assert run.status == RunStatus.STUCK
    assert json.loads(run.detail_json) == {"compensated": [], "stuck": ["undo_flaky"]}
    statuses = {o.kind: o.status for o in tj.list_obligations(run_id=run_id)}
    assert statuses == {
        "undo_a": ObligationStatus.COMPENSATED,
        "missing": ObligationStatus.STUCK,
        "undo_flaky": ObligationStatus.STUCK,
    }


def test_compensate_run_missing_compensator_in_the_saga(tj: Journal) -> None:
    run_id = new_run(tj)
    registry.register_compensator("undo_a", lambda **p: {"ok": True})
    owe(tj, run_id, "undo_a", index=0)
    ob = owe(tj, run_id, "missing", index=1)
    with pytest.raises(CompensationStuck, match=r"\['missing'\] — needs a human"):
        compensate_run(tj, run_id)
    assert json.loads(current(tj, ob).result_json) == {
        "error": "no compensator registered for 'missing'"
    }
    run = tj.get_run(run_id=run_id)
    assert run.status == RunStatus.STUCK
    assert json.loads(run.detail_json) == {"compensated": ["undo_a"], "stuck": ["missing"]}
