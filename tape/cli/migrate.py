"""``tape migrate``: create or upgrade tape's tables.

A SQLite file in a folder that does not exist: a folder inside the working directory is
created, and the line says so; one outside it is refused (exit 1) unless ``--create-dirs``,
so a typo in a path never leaves directories behind somewhere else.
"""

from __future__ import annotations

from pathlib import Path

import click

from tape import cli, errors, files, migrations
from tape.store import engine as store_engine


def _missing_sqlite_folder(database_url: str) -> Path | None:
    """The folder of a SQLite journal when it does not exist yet, else None."""
    parsed = store_engine.parse_url(database_url)
    database = parsed.database or ""
    if not parsed.drivername.startswith("sqlite") or not database or database.startswith("file:"):
        return None
    folder = Path(database).resolve().parent
    return None if folder.exists() else folder


def _shown_folder(folder: Path) -> str:
    cwd = Path.cwd().resolve()
    return f"./{folder.relative_to(cwd)}/" if folder.is_relative_to(cwd) else f"{folder}/"


def _prepare_folder(database_url: str, create_dirs: bool) -> str:
    """Create a missing SQLite folder when allowed; the line saying so ("" if none).

    Raises:
        ConfigurationError: the folder is outside the working directory and not allowed.
    """
    folder = _missing_sqlite_folder(database_url)
    if folder is None:
        return ""
    if not folder.is_relative_to(Path.cwd().resolve()) and not create_dirs:
        raise errors.ConfigurationError(
            f"the SQLite journal's folder {folder}/ does not exist and is outside the working "
            "directory; create it first, or pass --create-dirs"
        )
    files.private_dirs(folder)
    return f"created {_shown_folder(folder)} for the SQLite journal"


@click.command()
@cli.database_url_option
@click.option(
    "--revision",
    default="head",
    show_default=True,
    help="Schema revision to upgrade to.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the current and target revisions; change nothing.",
)
@click.option(
    "--create-dirs",
    is_flag=True,
    help="Create a missing SQLite folder outside the working directory too.",
)
def migrate(database_url: str, revision: str, dry_run: bool, create_dirs: bool) -> None:
    """Create or upgrade tape's tables (idempotent; safe to run from several processes)."""
    shown = store_engine.safe_url(database_url)
    with cli.errors_to_exit(database_url):
        store_engine.parse_url(database_url)  # a bad URL fails before anything else
        target = migrations.resolve_revision(revision)
        before = migrations.current_revision(database_url)
        if dry_run:
            plan = "up to date" if before == target else f"would upgrade to {target}"
            click.echo(f"tape schema at {_show(before)} ({shown}): {plan} (dry run, no changes)")
            return
        created = _prepare_folder(database_url, create_dirs)
        if created:
            click.echo(created)
        migrations.upgrade(database_url, target)
        after = migrations.current_revision(database_url)
    change = "already up to date" if after == before else f"upgraded from {_show(before)}"
    click.echo(f"tape schema at {_show(after)} ({shown}), {change}")


def _show(revision: str | None) -> str:
    return revision if revision is not None else "<none>"
