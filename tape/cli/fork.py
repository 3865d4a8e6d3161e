"""``tape fork``: a new run from a run's decision N, with its abandoned effects accounted for.

::

    tape fork RUN_ID --from-decision N [--policy reuse|compensate|keep] [--note TEXT] [--json]

The new run keeps the decisions before N, replays them and asks again from N (RUNNABLE: the
workers drive it). Each CONFIRMED effect of the abandoned part (decision N on) is ``reuse``d
(the new run asking the same call gets it: it does not happen again), ``compensate``d (its
inverse runs once, owed by the old run) or ``keep``t (it stays done, outside the new run), as
the table in docs/composing.md says. Refused while an effect of the abandoned part is PENDING
or UNKNOWN, or while the run is still going. Journaled on both runs with the operator
(``$TAPE_OPERATOR``, else the OS user). Exit codes: ``0`` forked, ``1`` refused, ``2`` bad
usage.
"""

from __future__ import annotations

import json

import click

from tape.cli import database_url_option, errors_to_exit, render
from tape.cli.resolve import operator_name


@click.command("fork")
@click.argument("run_id")
@click.option(
    "--from-decision",
    "from_decision",
    type=click.IntRange(min=0),
    required=True,
    help="Keep the decisions before N; ask again from decision N.",
)
@click.option(
    "--policy",
    type=click.Choice(["reuse", "compensate", "keep"]),
    default="keep",
    show_default=True,
    help="What becomes of the CONFIRMED effects from decision N on.",
)
@click.option("--note", default="", help="Why (journaled with the operator).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@database_url_option
def fork(
    run_id: str, from_decision: int, policy: str, note: str, as_json: bool, database_url: str
) -> None:
    """Fork RUN_ID from decision N into a new run; its abandoned effects are reused,
    compensated or kept (--policy)."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            run_id = journal.resolve_run_id(run_id)  # a unique prefix will do
            made = journal.fork_run(
                run_id=run_id,
                from_decision=from_decision,
                policy=policy,
                operator=operator_name(),
                note=note,
            )
        finally:
            journal.close()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "run_id": run_id,
                    "fork_run_id": made.run_id,
                    "from_decision": from_decision,
                    "policy": policy,
                    "status": made.status.name,
                }
            )
        )
        return
    click.echo(
        f"run {render.text(run_id)} forked at decision {from_decision} ({policy}): "
        f"{render.text(made.run_id)} {made.status.name}"
    )
