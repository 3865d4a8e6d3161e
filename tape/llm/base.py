"""The :class:`Model` protocol and how a response's usage is read."""

from __future__ import annotations

import contextvars
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Model(Protocol):
    """What ``ctx.decide`` calls: ``name`` is journaled with each decision."""

    name: str

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        """Answer one request (JSON in, JSON out)."""
        ...


# Optional, not part of the protocol: ``fetch_response(key: str) -> dict | None``, the
# response a provider stored under the decision's idempotency key
# (``tape.current_decision_key()``), asked by ``ctx.decide`` before calling the model again
# when an earlier attempt's call was lost with its process.


def usage_of(response: Any) -> tuple[int, float]:
    """(tokens, usd) spent, from ``response["usage"]`` when present; (0, 0.0) otherwise.

    Tokens are ``total_tokens`` (OpenAI), else ``prompt_tokens + completion_tokens``;
    USD is ``usd`` or ``cost_usd`` when the model reports it.
    """
    usage = response.get("usage") if isinstance(response, dict) else None
    if not isinstance(usage, dict):
        return 0, 0.0
    tokens = usage.get("total_tokens")
    if not isinstance(tokens, int):
        parts = [usage.get("prompt_tokens"), usage.get("completion_tokens")]
        tokens = sum(p for p in parts if isinstance(p, int))
    usd = usage.get("usd", usage.get("cost_usd", 0.0))
    return max(0, int(tokens)), max(0.0, float(usd) if isinstance(usd, int | float) else 0.0)


class RunPositions(Protocol):
    """The run a model is asked in, as far as a model needs it (:class:`ScriptedModel`)."""

    def model_position(self, model_name: str) -> int:
        """How many decisions of the model named ``model_name`` the run made before now."""
        ...


#: The run being driven in this context (a :class:`tape.RunContext`; the agent runtime sets it
#: while it drives a run), or None. Defined here so models read it without importing agents.
current_run: contextvars.ContextVar[RunPositions | None] = contextvars.ContextVar(
    "tape_run_context", default=None
)
