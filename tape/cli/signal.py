"""``tape signal RUN_ID GATE [--resolution JSON]``: answer a gate from the shell.

Delivers the gate's resolution (default ``{}``) to the run. A run WAITING on that gate becomes
RUNNABLE and recovery re-drives it; the agent then gets the resolution from ``tape.gate``. A
run that has not reached the gate yet gets it when it does. The first delivery wins: a second
``tape signal`` for the same gate is refused and changes nothing.

A ``human_gate`` tool waits at ``approve:<tool>:<call>:<digest>``, named after its exact
request (``tape inspect RUN`` shows it on the gate's ``waiting`` row); the command prints that
request with the approval (``--json``: under ``context``), and the approval releases only it.

Exit codes: ``0`` delivered, ``1`` refused (no such run, the run is over, the gate was already
answered), ``2`` bad usage (a resolution that is not JSON, a reserved ``effect:`` gate).
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

import click

from tape import errors, subjects
from tape.agents import gates
from tape.cli import EXIT_USAGE, database_url_option, errors_to_exit, render
from tape.enums import RunStatus
from tape.state import RUN_FINAL


def _usage(message: str) -> NoReturn:
    click.echo(f"tape: error: {message}", err=True)
    raise click.exceptions.Exit(EXIT_USAGE)


def _gate_context(journal: Any, run_id: str, gate: str) -> Any:
    """What the run asked at ``gate`` (its newest ``waiting`` row's context), or None."""
    subject = subjects.build("gate", "waiting", gate, run_id)
    rows = journal.read_journal(run_id=run_id, kind="gate", subject_pattern=subject)
    waiting = [
        r.payload
        for r in sorted(rows, key=lambda r: r.seq)
        if isinstance(r.payload, dict) and r.payload.get("gate") == gate
    ]
    return waiting[-1].get("context") if waiting else None


def _check_json(text: str) -> str:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        _usage(f"--resolution is not valid JSON ({exc.msg} at character {exc.pos}): {text!r}")
    return text  # handed on as JSON text, so a JSON string stays a string


@click.command("signal")
@click.argument("run_id")
@click.argument("gate")
@click.option(
    "--resolution",
    default="{}",
    show_default=True,
    metavar="JSON",
    help="The answer the waiting agent gets back from tape.gate(...).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@database_url_option
def signal(run_id: str, gate: str, resolution: str, as_json: bool, database_url: str) -> None:
    """Deliver GATE's resolution to run RUN_ID, releasing it if it waits there."""
    answer = _check_json(resolution)
    try:
        gates.gate_name(gate)
    except errors.InvalidArgument as exc:
        _usage(str(exc))
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            run_id = journal.resolve_run_id(run_id)  # a unique prefix will do
            run = journal.get_run(run_id=run_id)
            if run.status in RUN_FINAL:
                raise errors.IllegalTransition(
                    f"run {run_id} is {run.status.name}: nothing waits for a signal any more"
                )
            asked = _gate_context(journal, run_id, gate)
            sent = journal.send_signal(run_id=run_id, gate_name=gate, resolution_json=answer)
            after = journal.get_run(run_id=run_id)
        finally:
            journal.close()
        if not sent.accepted:
            raise errors.IllegalTransition(
                f"gate {gate!r} of run {run_id} was already answered; nothing changed "
                "(the first signal wins)"
            )
    released = sent.run_status == RunStatus.RUNNABLE
    shown_run, shown_gate = render.text(run_id), render.text(repr(gate))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "run_id": run_id,
                    "gate": gate,
                    "accepted": True,
                    "released": released,
                    "run_status": after.status.name.lower(),
                    **({"context": asked} if asked is not None else {}),
                },
                sort_keys=True,
            )
        )
        return
    if isinstance(asked, dict) and "request" in asked:
        # a human_gate tool's approval releases exactly this request (tape.agents.outbox)
        request = json.dumps(asked["request"], sort_keys=True)
        click.echo(f"approved: {asked.get('tool', '?')} {request}")
    if released:
        click.echo(
            f"run {shown_run}: WAITING -> RUNNABLE (gate {shown_gate} answered); recovery will "
            "re-drive it"
        )
    else:
        click.echo(
            f"gate {shown_gate} of run {shown_run} answered; the run is {after.status.name} and "
            "gets the resolution when it reaches the gate"
        )
