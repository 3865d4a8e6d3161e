"""Outbox effects for the outbox tests: make them, read them back, read what the bank got."""

from __future__ import annotations

from typing import Any

from tape import DispatchMode, EffectRecord, EffectSemantics, Journal
from tape.testing import FakeUpstream
from tests.support import runs


def new_run(journal: Journal) -> str:
    """A RUNNING run leased to "test"."""
    return runs.new_run(journal, app_name="acceptance", lease_owner="test")


def outbox_effect(
    journal: Journal,
    run_id: str,
    index: int,
    *,
    connector: str = "bank.wire",
    idempotent: bool = False,
    tool: str = "wire_money",
    business_key: str = "",
) -> EffectRecord:
    """A PENDING OUTBOX effect (NON_IDEMPOTENT unless ``idempotent``) through ``connector``."""
    semantics = EffectSemantics.IDEMPOTENT if idempotent else EffectSemantics.NON_IDEMPOTENT
    return journal.begin_effect(
        run_id=run_id,
        decision_index=index,
        tool_name=tool,
        request_json={"account": f"acc-{index}", "amount": 100 + index},
        semantics=semantics,
        dispatch_mode=DispatchMode.OUTBOX,
        connector=connector,
        business_key=business_key,
    )


def current(journal: Journal, effect: EffectRecord) -> EffectRecord:
    """The effect as the journal holds it now."""
    found = journal.get_effect(run_id=effect.run_id, idempotency_key=effect.idempotency_key)
    assert found is not None
    return found


def transitions(journal: Journal, effect: EffectRecord) -> list[str]:
    """The effect's journaled transitions, oldest first."""
    rows = journal.read_journal(run_id=effect.run_id, kind="effect", limit=1000)
    return [
        r.payload["transition"]
        for r in rows
        if r.payload.get("idempotency_key") == effect.idempotency_key and "transition" in r.payload
    ]


def sent_with_key(bank: FakeUpstream, key: str) -> list[Any]:
    """POST /wires requests the bank received carrying this Idempotency-Key."""
    return [r for r in bank.requests if r.path == "/wires" and r.idempotency_key == key]
