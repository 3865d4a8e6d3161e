"""Record builders for the connector tests (imported explicitly by those modules)."""

from __future__ import annotations

import uuid
from typing import Any

from tape import enums, records


def make_effect(**overrides: Any) -> records.EffectRecord:
    """An OUTBOX, NON_IDEMPOTENT, PENDING effect with unique keys; override any field."""
    run_id = overrides.pop("run_id", f"run-{uuid.uuid4().hex[:12]}")
    fields: dict[str, Any] = {
        "run_id": run_id,
        "idempotency_key": f"{run_id}/decision-0/wire_money/0",
        "seq": 1,
        "decision_index": 0,
        "tool_name": "wire_money",
        "call_index": 0,
        "status": enums.EffectStatus.PENDING,
        "request_json": '{"account": "acc-1", "amount": 100, "currency": "EUR"}',
        "response_json": "",
        "error_json": "",
        "semantics": enums.EffectSemantics.NON_IDEMPOTENT,
        "dispatch_mode": enums.DispatchMode.OUTBOX,
        "business_key": f"acc-1:100:{uuid.uuid4().hex[:8]}",
        "connector": "bank.wire",
        "scope": "",
        "compensate_kind": "",
        "max_attempts": 5,
        "dispatch_timeout_ms": 60_000,
        "dispatch_attempts": 1,
        "next_dispatch_at_ms": 0,
        "last_dispatch_at_ms": 0,
        "external_ref": "",
        "dispatch_claimed_by": "test",
        "dispatch_claim_expires_at_ms": 0,
        "last_dispatch_error": "",
        "reconcile_attempts": 0,
        "next_reconcile_at_ms": 0,
        "stuck_at_ms": 0,
        "created_at_ms": 0,
        "ts_ms": 0,
    }
    fields.update(overrides)
    return records.EffectRecord(**fields)


def make_obligation(**overrides: Any) -> records.ObligationRecord:
    """A PENDING compensation obligation; override any field."""
    fields: dict[str, Any] = {
        "run_id": f"run-{uuid.uuid4().hex[:12]}",
        "seq": 7,
        "effect_key": "run/decision-0/wire_money/0",
        "kind": "reverse_wire",
        "payload_json": '{"external_ref": "wire-1"}',
        "status": enums.ObligationStatus.PENDING,
        "ts_ms": 0,
        "compensator_ref": "",
        "attempts": 1,
        "max_attempts": 5,
        "next_attempt_at_ms": 0,
        "last_error": "",
        "claimed_by": "test",
        "claim_expires_at_ms": 0,
        "result_json": "",
        "created_at_ms": 0,
    }
    fields.update(overrides)
    return records.ObligationRecord(**fields)
