"""Keeping secrets out of what connectors return, raise and log.

Connector results are journaled and their errors are logged, so anything that might carry a
credential goes through here first: URLs lose their userinfo and secret-looking query values,
and the values of secret-looking static headers (``Authorization``, ``X-Api-Key``, ...) are
replaced wherever they appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "REDACTED",
    "is_secret_name",
    "redact_text",
    "redact_url",
    "scrub",
    "secret_values",
    "url_secrets",
]

REDACTED = "***"

_SECRET_NAMES = frozenset({"key", "sig", "code", "pwd", "pass", "jwt"})
_SECRET_PARTS = (
    "token",
    "secret",
    "password",
    "passwd",
    "signature",
    "auth",
    "credential",
    "apikey",
    "api_key",
    "api-key",
    "access_key",
    "private",
    "session",
    "cookie",
)
_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s'\"<>]+")
_QUERY_RE = re.compile(r"\?([^\s'\"<>()]+)")


def is_secret_name(name: str) -> bool:
    """Whether a header or query parameter name looks like it carries a credential."""
    lowered = name.strip().lower()
    return lowered in _SECRET_NAMES or any(part in lowered for part in _SECRET_PARTS)


def _redact_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    if not pairs:
        return query
    return urlencode([(k, REDACTED if is_secret_name(k) else v) for k, v in pairs], safe="*")


def redact_url(url: str) -> str:
    """Return ``url`` safe to journal or log.

    The userinfo (``user:password@``) becomes ``***@``, secret-looking query parameters
    (``token``, ``api_key``, ``signature``, ``key``, ...) get the value ``***`` and the fragment
    is dropped.

    Args:
        url: a URL.

    Returns:
        The redacted URL.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable url>"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    return urlunsplit((parts.scheme, netloc, parts.path, _redact_query(parts.query), ""))


def secret_values(headers: Mapping[str, str] | None) -> tuple[str, ...]:
    """The values of secret-looking headers, and their long tokens (``Bearer <token>``).

    Args:
        headers: static headers of a connector.

    Returns:
        The strings to scrub, longest first.
    """
    found: set[str] = set()
    for name, value in (headers or {}).items():
        if is_secret_name(name):
            found.add(str(value))
            found.update(part for part in str(value).split() if len(part) >= 6)
    return tuple(sorted((s for s in found if len(s) >= 4), key=len, reverse=True))


def url_secrets(url: str) -> tuple[str, ...]:
    """The password in a URL's userinfo, if any, as a secret string to scrub."""
    try:
        password = urlsplit(url).password
    except ValueError:
        return ()
    return (password,) if password and len(password) >= 4 else ()


def scrub(value: Any, secrets: Iterable[str] = ()) -> Any:
    """Return a copy of a JSON-able value with every secret string replaced by ``***``."""
    secrets = tuple(secrets)
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, Mapping):
        return {scrub(str(k), secrets): scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v, secrets) for v in value]
    return value


def redact_text(text: str, secrets: Iterable[str] = (), limit: int = 500) -> str:
    """Make free text (an exception message) safe to journal or log.

    URLs in it are passed through :func:`redact_url`, bare ``?query`` strings lose their
    secret values, the given secret strings are replaced, and the result is cut to ``limit``.
    """
    text = _URL_RE.sub(lambda m: redact_url(m.group(0)), text)
    text = _QUERY_RE.sub(lambda m: "?" + _redact_query(m.group(1)), text)
    return str(scrub(text[:limit], secrets))
