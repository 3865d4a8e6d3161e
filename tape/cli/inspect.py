"""``tape inspect RUN_ID``: one run's records; ``--raw`` prints its journal as JSONL in seq
order (one entry per line: ``seq, kind, ts_ms, subject, payload, ...``)."""

from __future__ import annotations

import json

import click

from tape.cli import database_url_option, errors_to_exit, render, runview


@click.command("inspect")
@click.argument("run_id")
@database_url_option
@click.option("--raw", is_flag=True, help="The run's journal entries as JSONL, in seq order.")
@click.option("--json", "as_json", is_flag=True, help="Everything as one JSON document.")
def inspect_command(run_id: str, database_url: str, raw: bool, as_json: bool) -> None:
    """Show one run: decisions, effects, obligations, budget and journal."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            dump = runview.run_dump(journal, run_id)
        finally:
            journal.close()
        if raw:
            for entry in dump["journal"]:
                click.echo(json.dumps(entry, default=str))
        elif as_json:
            render.echo_json(dump)
        else:
            render.console().print(runview.render_dump(dump))
