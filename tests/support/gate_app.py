"""An agent that waits for a human, for real workers (``TAPE_IMPORTS=tests.support.gate_app``).

The ``approval`` agent parks on the gate ``cfo-approval`` (``tape.gate``) and returns what
the person answered (``tape signal RUN_ID cfo-approval --resolution JSON``).
"""

from __future__ import annotations

from typing import Any

import tape


@tape.agent(name="approval", lease_ttl_ms=5_000)
def approval(ctx: tape.RunContext, amount: int) -> dict[str, Any]:
    answer = tape.gate("cfo-approval", {"amount": amount})
    return {"amount": amount, "answer": answer}
