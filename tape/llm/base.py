"""The :class:`Model` protocol and how a response's usage is read."""

from __future__ import annotations

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
