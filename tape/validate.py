"""Argument checks shared by the journal client. Each raises before anything is written."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TypeVar

from tape import errors

#: Largest JSON payload (request, response, error, ...) tape journals, in bytes of UTF-8.
MAX_PAYLOAD_BYTES = 1024 * 1024
#: Largest identifier (run id, key, tool name, ...) in characters.
MAX_NAME_CHARS = 255
MAX_KEY_CHARS = 512

E = TypeVar("E")


def _tape_json(value: Any) -> Any:
    """JSON for tape's own values (a :class:`tape.Reconciled` an agent returns or journals)."""
    encode = getattr(value, "__tape_json__", None)
    if encode is None:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return encode()


def payload(value: Any, field: str, *, default: str = "") -> str:
    """Return ``value`` as JSON text: a str must already be JSON, anything else is encoded.

    Raises:
        InvalidPayload: not JSON, not JSON-serialisable, or over :data:`MAX_PAYLOAD_BYTES`.
    """
    if value is None:
        return default
    if isinstance(value, str):
        if value == "":
            return default
        try:
            json.loads(value)
        except json.JSONDecodeError as exc:
            raise errors.InvalidPayload(f"{field} is not valid JSON: {exc.msg}") from None
        text = value
    else:
        try:
            text = json.dumps(
                value, separators=(",", ":"), sort_keys=True, allow_nan=False, default=_tape_json
            )
        except (TypeError, ValueError) as exc:
            raise errors.InvalidPayload(f"{field} is not JSON-serialisable: {exc}") from None
    size = len(text.encode("utf-8"))
    if size > MAX_PAYLOAD_BYTES:
        raise errors.InvalidPayload(
            f"{field} is {size} bytes; the limit is {MAX_PAYLOAD_BYTES} bytes "
            "(store large blobs elsewhere and journal a reference)"
        )
    return text


def required(value: str, field: str, *, max_chars: int = MAX_NAME_CHARS) -> str:
    """A non-empty string of bounded length."""
    if not isinstance(value, str) or not value.strip():
        raise errors.InvalidArgument(f"{field} must be a non-empty string")
    return optional(value, field, max_chars=max_chars)


def optional(value: str, field: str, *, max_chars: int = MAX_NAME_CHARS) -> str:
    """A possibly empty string of bounded length."""
    if not isinstance(value, str):
        raise errors.InvalidArgument(f"{field} must be a string, not {type(value).__name__}")
    if len(value) > max_chars:
        raise errors.InvalidArgument(f"{field} is longer than {max_chars} characters")
    return value


def effect_key(idempotency_key: str, key: str) -> str:
    """The effect key given as ``idempotency_key=`` or as ``key=`` (the ``tape.v1`` proto
    field name); both may be given only if they agree.

    Raises:
        ArgumentConflict: both given, and different.
        InvalidArgument: neither given (or not a string, or too long).
    """
    primary = optional(idempotency_key, "idempotency_key", max_chars=MAX_KEY_CHARS)
    alias = optional(key, "key", max_chars=MAX_KEY_CHARS)
    if primary and alias and primary != alias:
        raise errors.ArgumentConflict(
            f"idempotency_key={primary!r} and key={alias!r} name different effects; "
            "give one of them (key= is the tape.v1 spelling of idempotency_key=)"
        )
    chosen = primary or alias
    if not chosen.strip():
        raise errors.InvalidArgument("idempotency_key (or key) must be a non-empty string")
    return chosen


def ttl(value: int, field: str = "lease_ttl_ms") -> int:
    """A positive duration in milliseconds."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise errors.InvalidArgument(f"{field} must be a positive number of milliseconds")
    return value


def non_negative(value: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise errors.InvalidArgument(f"{field} must be a number >= 0")
    return value


def limit(value: int, field: str = "limit", *, maximum: int = 10_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= maximum:
        raise errors.InvalidArgument(f"{field} must be between 1 and {maximum}")
    return value


def enum(kind: type[E], value: Any, field: str, allowed: Iterable[E] | None = None) -> E:
    """Coerce ``value`` (member, int or name) to the enum ``kind``, optionally restricted."""
    try:
        lookup: Any = kind
        member: E = lookup[value.upper()] if isinstance(value, str) else lookup(value)
    except (KeyError, ValueError):
        raise errors.InvalidArgument(f"{field}: {value!r} is not a {kind.__name__}") from None
    if allowed is not None:
        allowed = list(allowed)
        if member not in allowed:
            names = ", ".join(a.name for a in allowed)  # type: ignore[attr-defined]
            raise errors.InvalidArgument(
                f"{field} must be one of {names}, not {member.name}"  # type: ignore[attr-defined]
            )
    return member
