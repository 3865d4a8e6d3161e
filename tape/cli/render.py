"""Rendering helpers shared by the operator commands: rich tables for people, JSON for scripts.

Records are turned into plain dicts (:func:`record_dict`, enum values by name, ``*_json``
payloads parsed, secrets redacted by :mod:`tape.redaction`) so ``--json`` output and the tables
show the same fields, and neither shows a secret.

Journaled text is data, never instructions to the terminal: every string a command shows from
the journal goes through :func:`text` (control characters, escape sequences and OSC-8 links
shown as escapes, :func:`tape.terminal.printable`), and reaches Rich as a :class:`rich.text.Text`
(:func:`literal`, every :func:`table` cell), which Rich never parses as markup (``[/INST]``,
``[bold red]``) or emoji codes (``:warning:``): stricter than ``rich.markup.escape``, which
leaves emoji codes alone and needs every caller to remember it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tape import connection, migrations, terminal
from tape.journal import Journal, triage
from tape.journal.triage import record_dict

__all__ = [
    "compact",
    "console",
    "echo_json",
    "fmt_ms",
    "literal",
    "open_journal",
    "record_dict",
    "short",
    "table",
    "text",
]


def text(value: Any, *, one_line: bool = True) -> str:
    """Journaled text as a terminal may show it: every control character (C0, C1, ESC and so
    ANSI/OSC sequences, bidirectional overrides) as a visible escape; with ``one_line`` also
    newlines and tabs. The one filter every command's output of journaled text goes through."""
    return terminal.printable(value, one_line=one_line)


def literal(value: Any, *, one_line: bool = True, style: str = "") -> Text:
    """:func:`text` as a Rich ``Text``: shown exactly, never parsed as markup or emoji codes."""
    return Text(text(value, one_line=one_line), style=style)


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
    return connection.connect(database_url)


def fmt_ms(ms: int) -> str:
    """Epoch milliseconds as ISO-8601 in UTC with its zone (``2026-01-31T09:15:02.345Z``),
    ``-`` for 0."""
    return triage.iso_ms(ms, millis=True)


def short(run_id: str, width: int = 12) -> str:
    """A run id cut to ``width`` characters (enough to tell runs apart in a table)."""
    return run_id if len(run_id) <= width else run_id[:width]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.name
    return value


def echo_json(value: Any) -> None:
    """One JSON document on stdout."""
    click.echo(json.dumps(value, default=str, sort_keys=False))


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """A rich table; an empty one says so in its caption. Every cell is shown literally
    (:func:`literal`; newlines kept)."""
    result = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        result.add_column(column, overflow="fold")
    count = 0
    for row in rows:
        result.add_row(
            *(c if isinstance(c, Text) else literal(_plain(c), one_line=False) for c in row)
        )
        count += 1
    if count == 0:
        result.caption = "(none)"
    return result


def compact(value: Any, limit: int = 60) -> str:
    """A JSON value on one line, cut to ``limit`` characters."""
    shown = value if isinstance(value, str) else json.dumps(value, default=str)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
