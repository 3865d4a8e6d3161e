"""What makes a reaction valid: its pattern, predicate, handler kind and limits.

Shared by ``tape.on(...)`` (checked at declaration) and ``Journal.register_reaction`` (checked
again before anything is written), so a bad reaction is refused with a named error either way.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any
from urllib.parse import urlsplit

from tape import errors, subjects
from tape.enums import HandlerKind
from tape.events import budget, egress

#: Characters a pattern segment may not hold raw (tape.subjects percent-encodes them).
_RAW_UNSAFE = re.compile(r"[ *?#\\\x00-\x1f\x7f]")
STREAM_PREFIX = "redis-stream:"
MAX_ID_CHARS = 64


def check_pattern(pattern: str) -> str:
    """``pattern`` if it is a valid subject pattern.

    Raises:
        InvalidSubjectPattern.
    """
    if not isinstance(pattern, str):
        raise errors.InvalidSubjectPattern("subject pattern must be a string")
    if pattern == "":
        return pattern
    if not pattern.startswith("/"):
        raise errors.InvalidSubjectPattern(
            f"subject pattern {pattern!r} must start with '/' (e.g. /tape/effect/confirmed/**)"
        )
    try:
        subjects.validate_pattern(pattern)
    except ValueError as exc:
        raise errors.InvalidSubjectPattern(f"subject pattern {pattern!r}: {exc}") from None
    for segment in pattern.strip("/").split("/"):
        if segment in ("*", "**"):
            continue
        if segment == "":
            raise errors.InvalidSubjectPattern(f"subject pattern {pattern!r} has an empty segment")
        if _RAW_UNSAFE.search(segment):
            raise errors.InvalidSubjectPattern(
                f"subject pattern {pattern!r}: segment {segment!r} holds a character that must "
                "be percent-encoded, or a '*' that is not a whole segment"
            )
    return pattern


def fnv1a32(text: str) -> int:
    """FNV-1a, 32 bits (upstream Tape's shard hash)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(run_id: str, num_shards: int) -> int:
    """The shard of a reaction with ``num_shards`` shards that a row of ``run_id`` goes to."""
    return fnv1a32(run_id) % num_shards if num_shards > 1 else 0


def matches(pattern: str, subject: str) -> bool:
    """Whether a reaction's ``pattern`` takes a row with ``subject``.

    The event bus's own rows (``/tape/task/...``, ``/tape/reaction/...``) are matched only by
    patterns that name that kind literally, so a catch-all reaction never feeds on the tasks it
    creates.
    """
    if subject.startswith(("/tape/task/", "/tape/reaction/")):
        kind = subject.split("/", 3)[2]
        if not pattern.startswith(f"/tape/{kind}/"):
            return False
    return subjects.match(pattern, subject)


def check_publish_target(target: str) -> str:
    """``redis-stream:<stream>`` or an ``http(s)://`` webhook URL without credentials, whose
    host is not written as a loopback, link-local or private address (unless
    ``TAPE_WEBHOOK_ALLOW_PRIVATE=1``: :mod:`tape.events.egress`).

    Raises:
        ReactionConfigError, WebhookAddressRefused.
    """
    if target.startswith(STREAM_PREFIX):
        if not target[len(STREAM_PREFIX) :].strip():
            raise errors.ReactionConfigError("publish='redis-stream:<name>' needs a stream name")
        return target
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise errors.ReactionConfigError(
            f"publish= must be 'redis-stream:<name>' or an http(s):// webhook URL, not "
            f"{target[:40]!r}"
        )
    if parts.password is not None or parts.username is not None:
        raise errors.ReactionConfigError(
            "publish= webhook URL carries credentials; journaled targets never hold secrets: "
            "sign with TAPE_WEBHOOK_SECRET instead"
        )
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError as exc:
        raise errors.ReactionConfigError(f"publish= webhook URL: {exc}") from None
    egress.check_literal(target, os.environ)
    return target


def default_id(name: str) -> str:
    """A reaction id derived from its name, stable across processes (ids are <= 64 chars)."""
    if len(name) <= MAX_ID_CHARS:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:16]
    return f"{name[: MAX_ID_CHARS - 17]}-{digest}"


def _count(value: Any, field: str, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise errors.ReactionConfigError(f"{field} must be an integer >= 0, not {value!r}")
    return value or default


def normalise(
    *,
    reaction_id: str,
    name: str,
    subject_pattern: str,
    predicate_cel: str,
    agent_app: str,
    publish_target: str,
    max_concurrency: int,
    rate_limit_per_s: int,
    debounce_ms: int,
    retry_max: int,
    retry_backoff_ms: int,
    dlq_after_n: int,
    num_shards: int,
) -> dict[str, Any]:
    """The stored columns of a reaction, with upstream Tape's defaults for zeros.

    Raises:
        InvalidSubjectPattern, InvalidPredicate, ReactionConfigError.
    """
    for field, value in (
        ("reaction_id", reaction_id),
        ("name", name),
        ("agent", agent_app),
        ("publish", publish_target),
    ):
        if not isinstance(value, str):
            raise errors.ReactionConfigError(f"{field} must be a string")
    if len(reaction_id) > MAX_ID_CHARS:
        raise errors.ReactionConfigError(f"reaction_id is longer than {MAX_ID_CHARS} characters")
    if agent_app and publish_target:
        raise errors.ReactionConfigError(
            "a reaction either starts an agent (agent=) or publishes to a sink (publish=), not both"
        )
    kind = HandlerKind.TASK
    if agent_app:
        kind = HandlerKind.AGENT
    elif publish_target:
        kind = HandlerKind.PUBLISH
        check_publish_target(publish_target)
    return {
        "reaction_id": reaction_id,
        "name": name[:255],
        "subject_pattern": check_pattern(subject_pattern),
        "predicate_cel": budget.validate(predicate_cel or ""),
        "handler_kind": kind,
        "agent_app": agent_app,
        "publish_target": publish_target,
        "max_concurrency": _count(max_concurrency, "max_concurrency", 1),
        "rate_limit_per_s": _count(rate_limit_per_s, "rate_limit_per_s", 0),
        "debounce_ms": _count(debounce_ms, "debounce_ms", 0),
        "retry_max": _count(retry_max, "retry_max", 5),
        "retry_backoff_ms": _count(retry_backoff_ms, "retry_backoff_ms", 1000),
        "dlq_after_n": _count(dlq_after_n, "dlq_after_n", 5),
        "num_shards": _count(num_shards, "num_shards", 1),
    }
