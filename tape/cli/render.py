"""Rendering helpers shared by the operator commands: rich tables for people, JSON for scripts.

Records are turned into plain dicts (:func:`record_dict`, enum values by name, ``*_json``
payloads parsed) so ``--json`` output and the tables show the same fields.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from tape import migrations
from tape.journal import Journal

__all__ = [
    "console",
    "echo_json",
    "fmt_ms",
    "open_journal",
    "record_dict",
    "short",
    "table",
]


def console() -> Console:
    """A console on stdout; wide enough that ids are not folded when piped."""
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160, soft_wrap=False)


def open_journal(database_url: str) -> Journal:
    """The journal at ``database_url``, after checking its schema is at head.

    Raises:
        SchemaNotReady: no tape schema (with the ``tape migrate`` command to run).
    """
    if not database_url.startswith(("tape://", "tapes://")):  # a server checks its own
        migrations.check_schema(database_url)
    return Journal(database_url)


def fmt_ms(ms: int) -> str:
    """Epoch milliseconds as a UTC time, ``-`` for 0."""
    if not ms:
        return "-"
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def short(run_id: str, width: int = 12) -> str:
    """A run id cut to ``width`` characters (enough to tell runs apart in a table)."""
    return run_id if len(run_id) <= width else run_id[:width]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.name
    return value


def record_dict(record: Any) -> dict[str, Any]:
    """A journal record (frozen dataclass) as a JSON-ready dict: enums by name, ``*_json``
    fields parsed into a key without the suffix."""
    out: dict[str, Any] = {}
    for item in dataclasses.fields(record):
        value = getattr(record, item.name)
        if item.name.endswith("_json"):
            key = item.name[: -len("_json")]
            try:
                out[key] = json.loads(value) if value else None
            except ValueError:
                out[key] = value
            continue
        if isinstance(value, tuple):
            value = [record_dict(v) if dataclasses.is_dataclass(v) else v for v in value]
        out[item.name] = _plain(value)
    return out


def echo_json(value: Any) -> None:
    """One JSON document on stdout."""
    click.echo(json.dumps(value, default=str, sort_keys=False))


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """A rich table; an empty one says so in its caption."""
    result = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        result.add_column(column, overflow="fold")
    count = 0
    for row in rows:
        result.add_row(*(str(_plain(cell)) for cell in row))
        count += 1
    if count == 0:
        result.caption = "(none)"
    return result


def compact(value: Any, limit: int = 60) -> str:
    """A JSON value on one line, cut to ``limit`` characters."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
