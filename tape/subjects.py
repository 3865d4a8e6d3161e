"""Journal subjects: path-style names every journal row carries, and patterns over them.

Grammar: ``/tape/<kind>/<verb>/<dims...>``, lower-case kind and verb. User-supplied segments are
percent-encoded (upper-case hex) for ``/ space * % ? # \\``, control characters and DEL, and an
empty segment becomes ``_``. In patterns ``*`` matches exactly one segment and ``**`` (only at
the end) matches zero or more trailing segments; an empty pattern matches everything.
"""

from __future__ import annotations

import re

_UNSAFE = set("/ *%?#\\")
_NEEDS_ENCODING = re.compile(r"[/ *%?#\\\x00-\x1f\x7f]")


def encode_segment(value: object) -> str:
    """Percent-encode one user-supplied segment."""
    text = str(value)
    if text == "":
        return "_"
    if not _NEEDS_ENCODING.search(text):
        return text
    out: list[str] = []
    for ch in text:
        if ch in _UNSAFE or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def build(kind: str, verb: str, *dims: object) -> str:
    """The subject of a journal row of ``kind`` with ``verb`` and user dimensions."""
    parts = ["", "tape", kind.lower(), verb.lower(), *(encode_segment(d) for d in dims)]
    return "/".join(parts)


def match(pattern: str, subject: str) -> bool:
    """Whether ``subject`` matches ``pattern`` (``*`` one segment, trailing ``**`` the rest)."""
    if not pattern:
        return True
    pat = _segments(pattern)
    sub = subject.strip("/").split("/") if subject.strip("/") else []
    for i, seg in enumerate(pat):
        if seg == "**":
            return True
        if i >= len(sub):
            return False
        if seg != "*" and seg != sub[i]:
            return False
    return len(sub) == len(pat)


def _segments(pattern: str) -> list[str]:
    segments = pattern.strip("/").split("/")
    if "**" in segments[:-1]:
        raise ValueError("'**' is only valid as the last segment of a pattern")
    return segments


def validate_pattern(pattern: str) -> None:
    """Raise ``ValueError`` if ``pattern`` is not a valid subject pattern."""
    if pattern:
        _segments(pattern)


def like_prefilter(pattern: str) -> str | None:
    """A SQL ``LIKE`` pattern (escape ``\\``) that every matching subject satisfies, or None.

    A superset: :func:`match` makes the exact decision afterwards.
    """
    if not pattern:
        return None
    segments = _segments(pattern)
    rest = segments[-1] == "**"
    if rest:
        segments = segments[:-1]

    def like(segment: str) -> str:
        escaped = segment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return escaped.replace("*", "%")

    prefix = "/" + "/".join(like(s) for s in segments) if segments else ""
    return prefix + "%" if rest else prefix
