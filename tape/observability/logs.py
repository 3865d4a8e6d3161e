"""Log rendering: ``TAPE_LOG_FORMAT=json`` makes every log line one JSON object.

Fields come in upstream Tape's order (``ts, level, msg, tenant_id, app_name, run_id,
invocation_id, session_id, seq, effect_key, decision_index, reactor, lease_owner``), then the
rest in the order they were given; ``None`` and ``""`` values are dropped.

No secret is written in either format: every field (JSON) or line (text, tracebacks included)
goes through :mod:`tape.redaction` (secret-looking keys and header pairs, ``Authorization:``
strings, bearer tokens, URL credentials, ``-u user:pass``, JSON inside strings, SQLAlchemy's
``[parameters: ...]``), and the passwords of the configured database and broker URLs are
replaced. Text lines also show control characters as escapes (:func:`tape.terminal.printable`),
so a journaled string cannot restyle the terminal a log is read on. Handlers tape does not make
(Celery's, in text mode) get the same through :class:`RedactingFilter`.

Rendering is decided once by the process entry (CLI, worker, beat, ``tape ui``) calling
:func:`configure`; library code only logs with ``extra=`` fields.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from pythonjsonlogger.json import JsonFormatter

from tape import redaction, terminal

__all__ = [
    "FIELD_ORDER",
    "TEXT_FORMAT",
    "RedactingFilter",
    "TapeJsonFormatter",
    "TapeTextFormatter",
    "configure",
    "configure_from_env",
    "json_wanted",
]

#: The leading fields of every JSON line, in this order.
FIELD_ORDER = (
    "ts",
    "level",
    "msg",
    "tenant_id",
    "app_name",
    "run_id",
    "invocation_id",
    "session_id",
    "seq",
    "effect_key",
    "decision_index",
    "reactor",
    "lease_owner",
)

#: Longest string value written (a traceback, say) before it is cut.
MAX_VALUE_CHARS = 20_000
#: The text format: ``time level logger: message``.
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def json_wanted() -> bool:
    """Whether ``TAPE_LOG_FORMAT`` asks for JSON lines."""
    return os.environ.get("TAPE_LOG_FORMAT", "").strip().lower() == "json"


def configured_secrets() -> tuple[str, ...]:
    """Passwords in the database and broker URLs of this process's configuration."""
    found: list[str] = []
    for name in ("TAPE_DATABASE_URL", "TAPE_BROKER_URL"):
        found.extend(redaction.url_secrets(os.environ.get(name, "")))
    return tuple(found)


class TapeJsonFormatter(JsonFormatter):
    """python-json-logger's formatter, with tape's field order, no empty fields, no secrets."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__(
            ["levelname", "message", "name"],
            rename_fields={"levelname": "level", "message": "msg", "name": "logger"},
            timestamp="ts",
        )
        self.secrets = tuple(secrets)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        ordered: dict[str, Any] = {}
        for key in FIELD_ORDER:
            if key in log_data:
                ordered[key] = log_data[key]
        for key, value in log_data.items():
            if key not in ordered:
                ordered[key] = value
        kept = {key: value for key, value in ordered.items() if value is not None and value != ""}
        # Keys too: an ``extra={"authorization": ...}`` field is hidden like a payload's.
        cleaned: dict[str, Any] = redaction.redact(kept, self.secrets, limit=MAX_VALUE_CHARS)
        return cleaned


class TapeTextFormatter(logging.Formatter):
    """``time level logger: message`` lines, redacted, control characters escaped."""

    def __init__(self, secrets: Iterable[str] = (), fmt: str = TEXT_FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = tuple(secrets)

    def format(self, record: logging.LogRecord) -> str:
        text = redaction.redact_text(super().format(record), self.secrets, limit=None)
        return terminal.printable(text, one_line=False)


class RedactingFilter(logging.Filter):
    """Redacts a record's message and traceback before any handler formats it: for handlers
    whose formatter tape does not choose (Celery's own, in text mode)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_tape_redacted", False):
            return True
        record.msg = terminal.printable(
            redaction.redact_text(record.getMessage(), self.secrets, limit=None), one_line=False
        )
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redaction.redact_text(record.exc_text, self.secrets, limit=None)
        setattr(record, "_tape_redacted", True)  # noqa: B010 - not a LogRecord attribute
        return True


def configure(
    *, level: int | str = logging.INFO, stream: TextIO | None = None, json: bool | None = None
) -> None:
    """Send the root logger's records to ``stream`` (stderr), as JSON lines when ``json``
    (default: :func:`json_wanted`) and as ``time level logger: message`` otherwise."""
    use_json = json_wanted() if json is None else json
    handler = logging.StreamHandler(stream or sys.stderr)
    if use_json:
        handler.setFormatter(TapeJsonFormatter(configured_secrets()))
    else:
        handler.setFormatter(TapeTextFormatter(configured_secrets()))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Python warnings would otherwise go to stderr as bare text lines.
    logging.captureWarnings(use_json)


def configure_from_env(level: int | str = logging.WARNING) -> None:
    """For the CLI: JSON lines when ``TAPE_LOG_FORMAT=json``; otherwise, when nothing else has
    configured logging, what Python would print anyway (``level`` and above, the message and
    its traceback) but redacted and with control characters escaped."""
    if json_wanted():
        configure(level=level, json=True)
        return
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(TapeTextFormatter(configured_secrets(), fmt="%(message)s"))
        handler.setLevel(level)
        root.addHandler(handler)
