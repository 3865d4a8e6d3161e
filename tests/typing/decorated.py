"""Checked by ``mypy --strict`` in tests/unit/test_decorator_types.py, never imported by
pytest: the decorators keep the decorated function's parameters and return type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_type

import tape
from tape.agents.outbox import OutboxTool
from tape.agents.runner import Agent
from tape.agents.tools import EffectTool


@tape.effect()
def lookup(name: str, limit: int = 3) -> list[str]:
    return [name] * limit


@tape.effect(dispatch="outbox", connector="bank")
def wire(account: str, cents: int) -> dict[str, Any]:
    return {"account": account, "cents": cents}


@tape.outbox_tool(connector="bank")
def refund(account: str) -> dict[str, Any]:
    return {"account": account}


@tape.agent()
def treasurer(ctx: tape.RunContext, account: str, cents: int) -> str:
    return account


assert_type(lookup("a"), list[str])
assert_type(lookup("a", limit=2), list[str])
as_lookup: Callable[[str, int], list[str]] = lookup
as_wire: Callable[[str, int], Any] = wire
as_refund: Callable[[str], Any] = refund
as_treasurer: Callable[[tape.RunContext, str, int], Any] = treasurer
tools: tuple[EffectTool[..., list[str]], OutboxTool[...], Agent[...]] = (lookup, wire, treasurer)

lookup(3)  # type: ignore[arg-type]
wire("acc", "ten")  # type: ignore[arg-type]
refund()  # type: ignore[call-arg]
treasurer(tape.RunContext.__new__(tape.RunContext), "acc", "x")  # type: ignore[arg-type]
