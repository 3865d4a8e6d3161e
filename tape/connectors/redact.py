"""Keeping secrets out of what connectors return, raise and log: :mod:`tape.redaction`.

Kept so ``from tape.connectors import redact`` (and ``tape.connectors.http.redact_url``) go on
working; what is secret is decided in :mod:`tape.redaction` alone.
"""

from __future__ import annotations

from tape.redaction import (
    REDACTED,
    is_secret_name,
    redact,
    redact_text,
    redact_url,
    scrub,
    secret_values,
    url_secrets,
)

__all__ = [
    "REDACTED",
    "is_secret_name",
    "redact",
    "redact_text",
    "redact_url",
    "scrub",
    "secret_values",
    "url_secrets",
]
