"""Targets for ``compensator_ref="tests.support.compensators:<name>"`` (registry left empty)."""

from __future__ import annotations

from typing import Any

calls: list[dict[str, Any]] = []


def reverse_wire(**payload: Any) -> dict[str, Any]:
    """Record the call and report what was reversed."""
    calls.append(payload)
    return {"ok": True, "reversed": payload.get("wire_id")}


class Namespace:
    """A nested ``module:Class.attr`` reference target."""

    @staticmethod
    def undo(**payload: Any) -> dict[str, Any]:
        calls.append(payload)
        return {"ok": True, "nested": True}
