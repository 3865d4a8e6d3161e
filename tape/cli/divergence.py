"""``tape resolve-divergence``: an operator's choice for a run STUCK on a divergence.

::

    tape resolve-divergence RUN_ID --accept | --redecide [--effects keep|compensate|reuse]
                                   | --abandon [--note TEXT] [--json]

A run re-driven by changed code (or a changed prompt) that asked something else than its journal
recorded at that position is STUCK with the reason ``divergence``; ``tape status`` and
``tape inspect`` show where and the diff. ``--accept`` replays the recorded answer and lets the
run go on; ``--redecide`` drops the recorded decisions from that position on and asks again
(their effects stay on record under superseded keys, owed if the run is undone; with
``--effects compensate`` their inverses run now, with ``--effects reuse`` CONFIRMED ones stay
under their keys and answer the same call asked again; refused while one of them is PENDING
or UNKNOWN); ``--abandon`` undoes what the run did (its inverses run now, once) and ends it
FAILED. The choice is journaled with the operator (``$TAPE_OPERATOR``, else the OS user) and
the note. Exit codes: ``0`` done, ``1`` refused, ``2`` bad usage.
"""

from __future__ import annotations

import json

import click

from tape import connection, errors
from tape.cli import EXIT_USAGE, database_url_option, errors_to_exit
from tape.cli.resolve import operator_name


@click.command("resolve-divergence")
@click.argument("run_id")
@click.option("--accept", is_flag=True, help="Replay the recorded answer and go on.")
@click.option("--redecide", is_flag=True, help="Drop the recorded decisions from there; ask again.")
@click.option("--abandon", is_flag=True, help="Undo what the run did; end it FAILED.")
@click.option(
    "--effects",
    type=click.Choice(["keep", "compensate", "reuse"]),
    default=None,
    help="With --redecide: the CONFIRMED effects from there are kept on record (default), "
    "compensated now, or reused by key when the same call is asked again.",
)
@click.option("--note", default="", help="Why (journaled with the operator).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@database_url_option
def resolve_divergence(
    run_id: str,
    accept: bool,
    redecide: bool,
    abandon: bool,
    effects: str | None,
    note: str,
    as_json: bool,
    database_url: str,
) -> None:
    """Resolve a run STUCK on a divergence: accept, redecide or abandon."""
    chosen = [
        name
        for name, on in (("accept", accept), ("redecide", redecide), ("abandon", abandon))
        if on
    ]
    if len(chosen) != 1:
        click.echo("tape: error: give exactly one of --accept, --redecide, --abandon", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    choice = chosen[0]
    if effects is not None and choice != "redecide":
        click.echo("tape: error: --effects goes with --redecide only", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    with errors_to_exit(database_url):
        journal = connection.connect(database_url)
        run = journal.resolve_divergence(
            run_id=run_id, choice=choice, operator=operator_name(), note=note, effects=effects or ""
        )
        compensated: dict[str, object] = {}
        if choice == "abandon":
            from tape.reactors.compensate import compensate_run

            try:
                compensated = dict(compensate_run(journal, run_id))
            except errors.CompensationStuck as exc:
                compensated = {"stuck": exc.stuck}
            run = journal.get_run(run_id=run_id)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "run_id": run_id,
                    "choice": choice,
                    "status": run.status.name,
                    **({"compensation": compensated} if compensated else {}),
                }
            )
        )
        return
    click.echo(f"run {run_id}: {choice} -> {run.status.name}")
    if compensated.get("stuck"):
        click.echo(f"compensation stuck: {compensated['stuck']} (tape resolve --obligation ...)")
