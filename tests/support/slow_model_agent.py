"""An agent whose second model call is slow, for real worker processes (issue 27, test 4):
``TAPE_IMPORTS=tests.support.slow_model_agent``.

The ``slow-asker`` agent asks a :class:`~tape.llm.ScriptedModel` twice (calls counted across
processes in ``MODEL_COUNTER``). Its second answer takes ``MODEL_DELAY_S`` seconds (default
60) in the first process that reaches it (``MODEL_DELAY_ONCE``, a marker file): the test
kills that process during the call. The run lease is ``AGENT_LEASE_MS`` (default 3000).
"""

from __future__ import annotations

import os
from typing import Any

import tape

model = tape.ScriptedModel(
    [
        {"content": "first", "usage": {"total_tokens": 12}},
        {"content": "second", "usage": {"total_tokens": 7}},
    ],
    name="slow-model",
    counter_path=os.environ.get("MODEL_COUNTER") or None,
    delay_s=float(os.environ.get("MODEL_DELAY_S", "60")),
    delay_at=1,
    delay_once_path=os.environ.get("MODEL_DELAY_ONCE") or None,
)


@tape.agent(name="slow-asker", lease_ttl_ms=int(os.environ.get("AGENT_LEASE_MS", "3000")))
def slow_asker(ctx: tape.RunContext) -> dict[str, Any]:
    first = ctx.decide(model, {"messages": [{"role": "user", "content": "one"}]})
    second = ctx.decide(model, {"messages": [{"role": "user", "content": "two"}]})
    return {"answers": [first["content"], second["content"]]}
