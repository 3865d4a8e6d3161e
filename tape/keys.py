"""Idempotency keys, in the original's formats (DESIGN decision 8)."""

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
