"""Compensators registered by name, for processes that import this module (``TAPE_IMPORTS``
of a ``tape server`` or a worker): ``compensator_ref="refund"`` is accepted there."""

from __future__ import annotations

from typing import Any

import tape

refunds: list[dict[str, Any]] = []


def refund(**payload: Any) -> dict[str, Any]:
    """Record the call and report it."""
    refunds.append(payload)
    return {"refunded": payload.get("amount")}


tape.register_compensator("refund", refund)
