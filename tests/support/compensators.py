"""Compensators the tests register by name (``tape.register_compensator(name, fn)``) and
name in ``compensator_ref``."""

from __future__ import annotations

from typing import Any

calls: list[dict[str, Any]] = []


def reverse_wire(**payload: Any) -> dict[str, Any]:
    """Record the call and report what was reversed."""
    calls.append(payload)
    return {"ok": True, "reversed": payload.get("wire_id")}
