"""Idempotency keys: ``<run>/decision-<i>/<tool>/<call>``, ``<run>/no-decision/<tool>/<call>``."""

from __future__ import annotations


def idempotency_key(
    run_id: str, decision_index: int, tool_name: str, call_index: int, custom_key: str = ""
) -> str:
    """``<run>/decision-<i>/<tool>/<call>``, ``<run>/no-decision/<tool>/<call>`` for
    ``decision_index < 0``, or ``custom_key`` verbatim when given."""
    if custom_key:
        return custom_key
    if decision_index < 0:
        return f"{run_id}/no-decision/{tool_name}/{call_index}"
    return f"{run_id}/decision-{decision_index}/{tool_name}/{call_index}"


#: ``begin_effect(call_index=NEXT_CALL_INDEX)`` with ``decision_index=-1``: the journal picks
#: the next free call index of the tool's no-decision calls in the transaction that inserts
#: the effect (a ``.delay(run_id=...)`` from outside the run has no counter of its own).
NEXT_CALL_INDEX = -1
