"""Request digests: what a recorded effect or decision was asked, in 64 hex characters.

A journal key (an effect's idempotency key, a ``(connector, business_key)`` pair, a decision's
index) names *where* a call is; the digest says *what* was asked there. A key met again with a
different digest is never answered from the journal: payment APIs treat an idempotency key
reused with other parameters the same way.

The digest is the SHA-256 of the canonical JSON (sorted keys, no whitespace, UTF-8) of:

- an effect: ``{"tool": <tool name>, "request": <request>}``, where a tool that declares
  ``match=[...]`` keeps only those top-level arguments of its request (a timestamp or a trace id
  may then vary between attempts);
- a decision: ``{"model": <model>, "messages": ..., "tools": ...}`` when the request is an
  object with ``messages`` (the chat shape every adapter sends), else
  ``{"model": <model>, "request": <request>}``.

An empty ``match`` is no ``match`` (every argument counts): the wire form cannot tell them apart.

An empty digest (a row written before migration 0027) matches anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from tape import errors


def canonical(value: Any) -> str:
    """``value`` as canonical JSON text: sorted keys, no whitespace, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def of(value: Any) -> str:
    """The SHA-256 (hex) of ``value``'s canonical JSON."""
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def _parsed(request_json: str) -> Any:
    return json.loads(request_json) if request_json else None


def effect(tool: str, request_json: str, match: Sequence[str] | None = None) -> str:
    """The digest of an effect's request (``request_json`` is valid JSON text, or empty).

    Raises:
        InvalidArgument: ``match`` is given for a request that is not a JSON object, or is not
            a list of argument names.
    """
    request = _parsed(request_json)
    if match:
        if isinstance(match, str) or not all(isinstance(m, str) for m in match):
            raise errors.InvalidArgument("match must be a list of argument names")
        if not isinstance(request, dict):
            raise errors.InvalidArgument(
                "match names arguments of the request: request_json must be a JSON object"
            )
        request = {name: request[name] for name in match if name in request}
    return of({"tool": tool, "request": request})


def decision(model: str, request_json: str) -> str:
    """The digest of a model call's request (``request_json`` is valid JSON text, or empty)."""
    request = _parsed(request_json)
    if isinstance(request, dict) and "messages" in request:
        return of({"model": model, "messages": request["messages"], "tools": request.get("tools")})
    return of({"model": model, "request": request})


def differ(recorded: str, asked: str) -> bool:
    """Whether two digests name different requests (an empty one, from before digests were
    stored, differs from nothing)."""
    return bool(recorded) and bool(asked) and recorded != asked


def diff(recorded: Any, asked: Any, path: str = "") -> list[dict[str, Any]]:
    """Where two requests differ: ``[{"path", "recorded", "asked"}]``, objects compared key by
    key and lists item by item (``path`` like ``messages[1].content``; ``""`` is the whole)."""
    if isinstance(recorded, dict) and isinstance(asked, dict):
        found: list[dict[str, Any]] = []
        for key in sorted(set(recorded) | set(asked), key=str):
            sub = f"{path}.{key}" if path else str(key)
            found += diff(recorded.get(key, _MISSING), asked.get(key, _MISSING), sub)
        return found
    if isinstance(recorded, list) and isinstance(asked, list) and len(recorded) == len(asked):
        found = []
        for i, (a, b) in enumerate(zip(recorded, asked, strict=True)):
            found += diff(a, b, f"{path}[{i}]")
        return found
    if recorded == asked and type(recorded) is type(asked):
        return []
    return [{"path": path, "recorded": _shown(recorded), "asked": _shown(asked)}]


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def _shown(value: Any) -> Any:
    return "<missing>" if value is _MISSING else value
