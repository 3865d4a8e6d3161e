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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from typing import Any, TypeVar

import click
from sqlalchemy import exc as sa_exc

from tape import errors, redaction, terminal
from tape.store import engine as store_engine

__all__ = [
    "COMMANDS",
    "DEFAULT_DATABASE_URL",
    "database_url_option",
    "errors_to_exit",
    "main",
    "tape",
]

#: Subcommand name -> ``"module:attribute"`` of its click command.
COMMANDS: dict[str, str] = {
    "migrate": "tape.cli.migrate:migrate",
    "outbox": "tape.cli.outbox:outbox_command",
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
    "run": "tape.cli.run:run_command",
    "signal": "tape.cli.signal:signal",
    "tail": "tape.cli.events:tail",
    "reactions": "tape.cli.events:reactions",
    "tasks": "tape.cli.events:tasks",
    "ui": "tape.cli.ui:ui",
    "server": "tape.cli.server:server",
}

#: The embedded development journal used when neither --database-url nor TAPE_DATABASE_URL is set.
DEFAULT_DATABASE_URL = "sqlite:///./.tape/dev.db"

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


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="tape", message="%(prog)s %(version)s")
def tape() -> None:
    """tape: a durable side-effect journal for AI agents."""


def main() -> None:
    """Entry point of the ``tape`` console script."""
    from tape.observability import logs

    logs.configure_from_env()
    tape(prog_name="tape")


def database_url_option(function: F) -> F:
    """The ``--database-url`` option shared by commands that open the journal."""
    return click.option(
        "--database-url",
        envvar=["TAPE_URL", "TAPE_DATABASE_URL"],
        default=DEFAULT_DATABASE_URL,
        show_default=True,
        metavar="URL",
        help="postgresql://user@host/db, postgresql+psycopg://..., sqlite:///path, or a tape "
        "server: tape://host:7878 (env: TAPE_URL, then TAPE_DATABASE_URL).",
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
    except sa_exc.DBAPIError as exc:
        # The driver's own message (first line), not SQLAlchemy's, which may quote parameters.
        detail = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else repr(exc)
        _fail(f"database error ({_shown(database_url)}): {detail}", EXIT_FAILURE, database_url)
    except sa_exc.SQLAlchemyError as exc:
        # First line only: the rest of SQLAlchemy's message may quote the statement's values.
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
    return store_engine.safe_url(database_url) if database_url else "no database URL"
