"""``tape cancel RUN_ID``: end a run as CANCELLED (journaled); it is never re-driven again."""

from __future__ import annotations

import click

from tape import errors
from tape.cli import database_url_option, errors_to_exit, render
from tape.enums import RunStatus
from tape.state import RUN_FINAL


@click.command("cancel")
@click.argument("run_id")
@database_url_option
@click.option("--reason", default="", help="Why (journaled in the run's detail).")
def cancel(run_id: str, database_url: str, reason: str) -> None:
    """Cancel a run that is not over yet."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            run_id = journal.resolve_run_id(run_id)  # a unique prefix will do
            run = journal.get_run(run_id=run_id)
            if run.status == RunStatus.CANCELLED:
                # Ending it again changes nothing but undoes children a cancel interrupted
                # before it reached them left going.
                journal.end_run(run_id=run_id, status=RunStatus.CANCELLED)
                click.echo(f"run {render.text(run_id)} is already CANCELLED")
                return
            if run.status in RUN_FINAL:
                raise errors.IllegalTransition(
                    f"run {run_id} is {run.status.name}: a finished run cannot be cancelled"
                )
            detail = {"cancelled_by": "cli", "reason": reason} if reason else None
            moved = journal.end_run(run_id=run_id, status=RunStatus.CANCELLED, detail_json=detail)
        finally:
            journal.close()
        click.echo(f"run {render.text(run_id)}: {run.status.name} -> {moved.status.name}")
