"""A call that waits in an outbox pass's pool past its claim's lease is never made.

Without this, a slow batch (500 effects, 32 threads, 10 s calls: ~160 s against a 60 s lease)
kept sending effects whose claims had lapsed, which another pass may already have turned
UNKNOWN, observed absent and sent again: two wires for one NON_IDEMPOTENT effect.
"""

from __future__ import annotations

import json
from typing import Any

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal, connectors
from tape.connectors import DispatchResult
from tape.reactors import outbox
from tests.support.clock import FakeClock
from tests.support.runs import new_run


class SlowBank:
    """Each call takes ``call_ms`` of the journal's fake clock."""

    name = "test.slowbank"

    def __init__(self, clock: FakeClock, call_ms: int) -> None:
        self.clock = clock
        self.call_ms = call_ms
        self.sent: list[str] = []

    def dispatch(self, effect: Any) -> DispatchResult:
        self.sent.append(effect.idempotency_key)
        self.clock.advance(self.call_ms)
        return DispatchResult("confirmed", external_ref=f"w-{len(self.sent)}")

    def observe(self, effect: Any) -> Any:
        raise NotImplementedError

    def compensate(self, obligation: Any) -> Any:
        raise NotImplementedError


def test_calls_queued_past_the_claim_lease_are_not_made(tj: Journal, clock: FakeClock) -> None:
    bank = connectors.register(SlowBank(clock, call_ms=600))
    run_id = new_run(tj)
    keys = [
        tj.begin_effect(
            run_id=run_id,
            decision_index=0,
            tool_name="wire",
            call_index=i,
            semantics=EffectSemantics.NON_IDEMPOTENT,
            dispatch_mode=DispatchMode.OUTBOX,
            connector=bank.name,
        ).idempotency_key
        for i in range(3)
    ]
    options = outbox.OutboxOptions(claimer="slow", lease_ms=1000, concurrency=1)

    results = outbox.run_once(tj, options)

    # Calls start at +0 and +600 ms; the third would start at +1200, past the 1000 ms lease.
    assert bank.sent == keys[:2]
    assert [r["result"] for r in results] == ["confirmed", "confirmed", "retry-scheduled"]
    effects = [tj.get_effect(run_id=run_id, idempotency_key=k) for k in keys]
    assert [e.status for e in effects if e] == [
        EffectStatus.CONFIRMED,
        EffectStatus.CONFIRMED,
        EffectStatus.PENDING,
    ]
    unsent = effects[2]
    assert unsent is not None and unsent.dispatch_claimed_by == ""
    assert json.loads(unsent.last_dispatch_error)["type"] == "ClaimExpired"
