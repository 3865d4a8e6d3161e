"""The ``tape`` command.

Each subcommand is a click command in its own module, ``tape/cli/<name>.py``, registered in
:data:`COMMANDS` as ``"name": "module:attribute"``. Subcommands are imported only when they
run (or when ``--help`` lists them), so ``tape migrate`` does not pay for importing Celery.

Commands report failures with :func:`errors_to_exit`: one line on stderr, no traceback, a
database URL only ever shown with its password hidden. Exit codes: ``0`` success, ``1`` the
operation failed (database unreachable, migration error), ``2`` bad usage (including a bad
database URL).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import click

from tape import config, errors, redaction, terminal

__all__ = [
    "COMMANDS",
    "DEFAULT_DATABASE_URL",
    "database_url_option",
    "errors_to_exit",
    "main",
    "resolve_database_url",
    "resolved_urls",
    "tape",
]

#: Subcommand name -> ``"module:attribute"`` of its click command.
COMMANDS: dict[str, str] = {
    "migrate": "tape.cli.migrate:migrate",
    "outbox": "tape.cli.outbox:outbox_command",
    "pass": "tape.cli.passes:pass_command",
    "cancel": "tape.cli.cancel:cancel",
    "compact": "tape.cli.compact:compact_command",
    "dev": "tape.cli.dev:dev",
    "doctor": "tape.cli.doctor:doctor",
    "init": "tape.cli.init:init",
    "inspect": "tape.cli.inspect:inspect_command",
    "redrive": "tape.cli.redrive:redrive",
    "status": "tape.cli.status:status",
    "resolve": "tape.cli.resolve:resolve_command",
    "resolve-divergence": "tape.cli.divergence:resolve_divergence",
    "fork": "tape.cli.fork:fork",
    "run": "tape.cli.run:run_command",
    "signal": "tape.cli.signal:signal",
    "tail": "tape.cli.events:tail",
    "reactions": "tape.cli.events:reactions",
    "tasks": "tape.cli.events:tasks",
    "ui": "tape.cli.ui:ui",
    "server": "tape.cli.server:server",
}

#: Subcommand name -> the first paragraph of its help, which ``tape --help`` lists without
#: importing the command (importing them all cost about a second). Kept equal to the
#: commands' own help by tests/unit/test_cli_lazy.py.
SUMMARIES: dict[str, str] = {
    "cancel": "Cancel a run that is not over yet.",
    "compact": "Compact settled runs (TERMINAL, FAILED or CANCELLED; no effect PENDING or "
    "UNKNOWN, no obligation left) that ended before now - DURATION: their decision and "
    "effect payloads are zeroed; keys, statuses and the journal stay.",
    "dev": "Run tape locally: journal, broker, worker, beat (and the kill-resume demo).",
    "doctor": "Check the environment and the workers, triage a live journal (--live), or "
    "dump a run.",
    "fork": "Fork RUN_ID from decision N into a new run; its abandoned effects are reused, "
    "compensated or kept (--policy).",
    "init": "Create a project NAME/: <package>/agent.py, tape.yaml, pyproject.toml, README.md.",
    "inspect": "Show one run: decisions, effects, obligations, budget and journal.",
    "migrate": "Create or upgrade tape's tables (idempotent; safe to run from several processes).",
    "outbox": "Dispatch PENDING+OUTBOX effects through their connectors, once each.",
    "pass": "Run a beat-ticked pass here (no worker, no beat): one JSON line per pass, how "
    "many rows ended how.",
    "reactions": "Registered reactions, their state (paused: the matcher skips it), cursor lag "
    'and task counts; "tape reactions resume ID" lifts a pause.',
    "redrive": "Make a STUCK, WAITING or lease-expired run RUNNABLE for recovery to re-drive.",
    "resolve": "Settle an UNKNOWN (stuck) effect, or an obligation, by hand.",
    "resolve-divergence": "Resolve a run STUCK on a divergence: accept, redecide or abandon.",
    "run": "Start a run of AGENT (what `tape dev` runs), print its id; --wait for its result.",
    "server": "Serve the journal at tape://HOST:PORT (tape.v1 gRPC, health, reflection).",
    "signal": "Deliver GATE's resolution to run RUN_ID, releasing it if it waits there.",
    "status": "Recent runs, runs needing recovery, and effects not yet settled.",
    "tail": "Stream journal rows of every run as they commit, from now on (Ctrl-C stops); "
    "--from-seq 0 replays the journal first.",
    "tasks": "Reaction tasks: list them, look at the DLQ, send DLQ tasks back.",
    "ui": "Serve the dashboard: runs, one run's timeline, the triage queue, /metrics.",
}

#: The embedded development journal: the last of :data:`URL_SOURCES`.
DEFAULT_DATABASE_URL = config.DEFAULT_DATABASE_URL
#: Where --database-url comes from when not given, in order (shown in --help).
URL_SOURCES = "TAPE_URL, else TAPE_DATABASE_URL, else tape.yaml, else " + DEFAULT_DATABASE_URL

EXIT_FAILURE = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])


def _version() -> str:
    try:
        return metadata.version("tape")
    except metadata.PackageNotFoundError:
        return "0.0.0"


class _LazyGroup(click.Group):
    """A group whose subcommands (:data:`COMMANDS`) are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a registration bug
            raise TypeError(f"{target} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click.Group.format_commands, with the summaries of SUMMARIES instead of importing
        # every command for its help (a command without a summary is imported).
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            summary = SUMMARIES.get(name)
            if summary is not None:
                rows.append((name, click.Command(name, help=summary).get_short_help_str(limit)))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="tape", message="%(prog)s %(version)s")
def tape() -> None:
    """tape: a durable side-effect journal for AI agents."""


def main() -> None:
    """Entry point of the ``tape`` console script."""
    from tape.observability import logs

    logs.configure_from_env()
    tape(prog_name="tape")


def resolved_urls(database_url: str = "", broker_url: str = "") -> config.Urls:
    """The URLs by the one rule (:func:`tape.config.resolve_urls`) from this folder; a
    ``tape.yaml`` that cannot be used is a one-line message and exit 2."""
    try:
        return config.resolve_urls(
            database_url=database_url, broker_url=broker_url, workdir=Path.cwd()
        )
    except errors.ConfigurationError as exc:
        _fail(str(exc), EXIT_USAGE, "")
        raise  # pragma: no cover - _fail always exits


def resolve_database_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Click callback: the ``--database-url`` value (or "") resolved by the one rule."""
    return resolved_urls(database_url=value or "").database.value


def database_url_option(function: F) -> F:
    """The ``--database-url`` option shared by commands that open the journal: the flag, else
    ``TAPE_URL``, ``TAPE_DATABASE_URL``, ``tape.yaml``, the embedded default
    (:func:`tape.config.resolve_urls`); the command receives the resolved URL."""
    return click.option(
        "--database-url",
        default="",
        callback=resolve_database_url,
        show_default=URL_SOURCES,
        metavar="URL",
        help="postgresql://user@host/db, postgresql+psycopg://..., sqlite:///path, or a tape "
        "server: tape://host:7878.",
    )(function)


@contextmanager
def errors_to_exit(database_url: str = "") -> Iterator[None]:
    """Turn tape and database errors into a one-line message on stderr and an exit code.

    Args:
        database_url: the URL in use; every message is redacted (:mod:`tape.redaction`) and
            shown with its control characters escaped.
    """
    try:
        yield
    except errors.InvalidDatabaseURL as exc:
        _fail(str(exc), EXIT_USAGE, database_url)
    except errors.TapeError as exc:
        _fail(str(exc), EXIT_FAILURE, database_url)
    except Exception as exc:
        # SQLAlchemy is imported by what fails, never here (``tape --help`` stays light): an
        # error it raised means it is loaded already.
        sa_exc = sys.modules.get("sqlalchemy.exc")
        if sa_exc is None or not isinstance(exc, sa_exc.SQLAlchemyError):
            raise
        if isinstance(exc, sa_exc.DBAPIError):
            # The driver's own message (first line), not SQLAlchemy's, which may quote
            # parameters.
            orig = str(exc.orig).strip()
            detail = orig.splitlines()[0] if orig else repr(exc)
        else:
            # First line only: the rest of SQLAlchemy's message may quote the statement's
            # values.
            detail = (str(exc).strip().splitlines() or [repr(exc)])[0]
        _fail(f"database error ({_shown(database_url)}): {detail}", EXIT_FAILURE, database_url)


def _fail(message: str, code: int, database_url: str) -> None:
    # By structure, not substring: URLs lose their userinfo, secret-looking pairs their values;
    # the password itself is looked for only when it is long enough not to reveal itself
    # (a password "se" replaced inside "database" would show it).
    shown = redaction.redact_text(message, redaction.url_secrets(database_url), limit=None)
    click.echo(f"tape: error: {terminal.printable(shown, one_line=False)}", err=True)
    raise click.exceptions.Exit(code)


def _shown(database_url: str) -> str:
    from tape.store import engine as store_engine

    return store_engine.safe_url(database_url) if database_url else "no database URL"
