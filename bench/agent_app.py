"""What bench/agents.py's workers import (TAPE_IMPORTS): one scripted agent of four steps.

``bench_agent``: a decision (a :class:`~tape.llm.ScriptedModel`, no network), an inline
idempotent effect, an outbox effect through the no-op connector of
``bench/noop_connector.py`` (the run parks until it is CONFIRMED, then is re-driven), and a
second decision.
"""

from __future__ import annotations

from typing import Any

import tape

model = tape.ScriptedModel(
    [
        {"tool": "send", "args": {"to": "bob"}, "usage": {"total_tokens": 10}},
        {"content": "sent", "usage": {"total_tokens": 5}},
    ],
    name="bench-scripted",
)


@tape.effect()
def note(run: str, text: str) -> dict[str, Any]:
    return {"run": run, "text": text}


@tape.outbox_tool(connector="noop")
def send(to: str) -> dict[str, Any]:
    return {"to": to}


@tape.agent(name="bench_agent")
def bench_agent(ctx: tape.RunContext, request: str) -> dict[str, Any]:
    plan = ctx.decide(model, {"messages": [{"role": "user", "content": request}]})
    noted = note(run=ctx.run_id, text=request)
    sent = send(**plan["args"])
    final = ctx.decide(model, {"messages": [{"role": "tool", "content": str(sent)}]})
    return {"noted": noted, "sent": sent, "answer": final["content"]}
