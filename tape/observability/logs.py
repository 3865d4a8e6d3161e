"""Log rendering: ``TAPE_LOG_FORMAT=json`` makes every log line one JSON object.

Fields come in the original's order (``ts, level, msg, tenant_id, app_name, run_id,
invocation_id, session_id, seq, effect_key, decision_index, reactor, lease_owner``), then the
rest in the order they were given; ``None`` and ``""`` values are dropped. Every string is
passed through :mod:`tape.connectors.redact` (URL passwords, secret query values) and the
passwords of the configured database and broker URLs are replaced, so no secret is written.

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

from tape.connectors import redact

__all__ = ["FIELD_ORDER", "TapeJsonFormatter", "configure", "configure_from_env", "json_wanted"]

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


def json_wanted() -> bool:
    """Whether ``TAPE_LOG_FORMAT`` asks for JSON lines."""
    return os.environ.get("TAPE_LOG_FORMAT", "").strip().lower() == "json"


def configured_secrets() -> tuple[str, ...]:
    """Passwords in the database and broker URLs of this process's configuration."""
    found: list[str] = []
    for name in ("TAPE_DATABASE_URL", "TAPE_BROKER_URL"):
        found.extend(redact.url_secrets(os.environ.get(name, "")))
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
        return {
            key: self._clean(value)
            for key, value in ordered.items()
            if value is not None and value != ""
        }

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            return redact.redact_text(value, self.secrets, limit=MAX_VALUE_CHARS)
        if isinstance(value, dict | list | tuple):
            return redact.scrub(value, self.secrets)
        return value


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
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Python warnings would otherwise go to stderr as bare text lines.
    logging.captureWarnings(use_json)


def configure_from_env(level: int | str = logging.WARNING) -> None:
    """For the CLI: JSON lines when ``TAPE_LOG_FORMAT=json``; otherwise logging is untouched."""
    if json_wanted():
        configure(level=level, json=True)
