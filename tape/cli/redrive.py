"""``tape redrive RUN_ID``: hand a STUCK, WAITING or lease-expired run to recovery.

The run becomes RUNNABLE (journaled with the operator's name); the recovery pass re-enqueues
its agent task. A run that is over (TERMINAL, FAILED, CANCELLED) is refused, and so is a
RUNNING run whose lease is still live (its worker is alive; ``--force`` takes it anyway).
"""

from __future__ import annotations

import getpass

import click

from tape import errors
from tape.cli import database_url_option, errors_to_exit, render
from tape.enums import RunStatus
from tape.state import RUN_FINAL


def operator_name() -> str:
    """Who is acting, recorded on the journal entry."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


@click.command("redrive")
@click.argument("run_id")
@database_url_option
@click.option("--note", default="", help="Why (journaled).")
@click.option("--force", is_flag=True, help="Also take a RUNNING run whose lease is live.")
def redrive(run_id: str, database_url: str, note: str, force: bool) -> None:
    """Make a STUCK, WAITING or lease-expired run RUNNABLE for recovery to re-drive."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            run_id = journal.resolve_run_id(run_id)  # a unique prefix will do
            run = journal.get_run(run_id=run_id)
            if run.status in RUN_FINAL:
                raise errors.IllegalTransition(
                    f"run {run_id} is {run.status.name}: a finished run is never re-driven"
                )
            live = run.lease_expires_at_ms > journal.database.now_ms()
            if run.status == RunStatus.RUNNING and live and not force:
                raise errors.IllegalTransition(
                    f"run {run_id} is RUNNING with a live lease held by {run.lease_owner} "
                    "(pass --force to take it anyway)"
                )
            if run.status == RunStatus.RUNNABLE:
                click.echo(
                    f"run {render.text(run_id)} is already RUNNABLE; recovery will re-drive it"
                )
                return
            moved = journal.release_run(run_id=run_id, operator=operator_name(), note=note)
        finally:
            journal.close()
        click.echo(
            f"run {render.text(run_id)}: {run.status.name} -> {moved.status.name}; "
            "recovery will re-drive it"
        )
