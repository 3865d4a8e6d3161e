"""``tape migrate``: create or upgrade tape's tables."""

from __future__ import annotations

import click

from tape import cli, migrations
from tape.store import engine as store_engine


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
def migrate(database_url: str, revision: str, dry_run: bool) -> None:
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
        migrations.upgrade(database_url, target)
        after = migrations.current_revision(database_url)
    change = "already up to date" if after == before else f"upgraded from {_show(before)}"
    click.echo(f"tape schema at {_show(after)} ({shown}), {change}")


def _show(revision: str | None) -> str:
    return revision if revision is not None else "<none>"
