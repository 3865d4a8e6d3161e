"""An agent for ``tape run`` CLI tests: ``--app tests.support.run_agents``."""

from __future__ import annotations

from typing import Any

import tape


@tape.agent(name="cli-echo")
def echo(ctx: tape.RunContext, request: str, count: int = 1) -> dict[str, Any]:
    return {"request": request, "count": count}


@tape.effect(scope="shop:order")
def place_order(item: str) -> dict[str, str]:
    return {"placed": item}


@tape.agent(name="cli-order", scopes=["shop:read"])
def order(ctx: tape.RunContext, item: str) -> Any:
    """Needs ``shop:order`` granted (``tape run --scope shop:order``); ``shop:read`` is its own."""
    return place_order(item)
