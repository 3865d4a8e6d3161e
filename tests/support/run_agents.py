"""An agent for ``tape run`` CLI tests: ``--app tests.support.run_agents``."""

from __future__ import annotations

from typing import Any

import tape


@tape.agent(name="cli-echo")
def echo(ctx: tape.RunContext, request: str, count: int = 1) -> dict[str, Any]:
    return {"request": request, "count": count}
