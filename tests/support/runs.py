"""Starting runs in tests."""

from __future__ import annotations

import uuid
from typing import Any

from tape import DispatchMode, EffectSemantics


def new_run(j: Any, *, app_name: str = "app", lease_owner: str = "w1") -> str:
    """Begin a fresh RUNNING run (leased to ``lease_owner``) and return its id."""
    return str(
        j.begin_run(
            app_name=app_name,
            user_id="u",
            session_id="s",
            invocation_id=uuid.uuid4().hex,
            lease_owner=lease_owner,
        ).run_id
    )


def lost_ack_effect(
    j: Any,
    run_id: str,
    index: int = 0,
    *,
    tool: str = "wire_money",
    connector: str = "bank.wire",
    semantics: EffectSemantics = EffectSemantics.NON_IDEMPOTENT,
    request_json: Any = None,
    claimer: str = "",
    **begin: Any,
) -> Any:
    """Begin an OUTBOX effect and record that its one dispatch attempt lost its ack: UNKNOWN,
    for the reconciler. With ``claimer`` the attempt is made under a real dispatch claim.
    ``begin`` goes to ``begin_effect`` as it is (``compensate_kind=...``, say)."""
    effect = j.begin_effect(
        run_id=run_id,
        decision_index=index,
        tool_name=tool,
        request_json={"amount": 100} if request_json is None else request_json,
        semantics=semantics,
        dispatch_mode=DispatchMode.OUTBOX,
        connector=connector,
        **begin,
    )
    if claimer:
        j.claim_effect_dispatch(
            run_id=run_id, idempotency_key=effect.idempotency_key, claimer=claimer
        )
    return j.record_dispatch_attempt(
        run_id=run_id,
        idempotency_key=effect.idempotency_key,
        error="ack lost",
        next_dispatch_at_ms=0,
        claimer=claimer,
    )
