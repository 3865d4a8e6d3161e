"""``tape inspect RUN_ID``: one run's records; ``--raw`` prints its journal as JSONL in seq
order (one entry per line: ``seq, kind, ts_ms, subject, payload, ...``). Every view, ``--json``
and ``--raw`` included, shows payloads with their secrets redacted (:mod:`tape.redaction`)."""

from __future__ import annotations

import json

import click

from tape.cli import database_url_option, errors_to_exit, live, render, runview


@click.command("inspect")
@click.argument("run_id")
@database_url_option
@click.option("--raw", is_flag=True, help="The run's journal entries as JSONL, in seq order.")
@click.option("--json", "as_json", is_flag=True, help="Everything as one JSON document.")
@click.option("--summary", is_flag=True, help="Counts only; exit 1 if an effect is UNKNOWN.")
@click.option("-f", "--follow", is_flag=True, help="Print the journal as it is written.")
@click.option("-s", "--from-seq", default=0, show_default=True, type=click.IntRange(min=0))
@click.option("--interval", default=0.5, show_default=True, type=click.FloatRange(min=0.05))
def inspect_command(
    run_id: str,
    database_url: str,
    raw: bool,
    as_json: bool,
    summary: bool = False,
    follow: bool = False,
    from_seq: int = 0,
    interval: float = 0.5,
) -> None:
    """Show one run: decisions, effects, obligations, budget and journal."""
    if summary or follow:
        _summary_or_follow(run_id, database_url, summary, raw, as_json, from_seq, interval)
        return
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            dump = runview.run_dump(journal, journal.resolve_run_id(run_id))
        finally:
            journal.close()
        if raw:
            for entry in dump["journal"]:
                click.echo(json.dumps(entry, default=str))
        elif as_json:
            render.echo_json(dump)
        else:
            render.console().print(runview.render_dump(dump))


def _summary_or_follow(
    run_id: str,
    database_url: str,
    summary: bool,
    raw: bool,
    as_json: bool,
    from_seq: int,
    interval: float,
) -> None:
    code = 0
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            run_id = journal.resolve_run_id(run_id)  # a unique prefix will do
            if summary:
                code = live.print_summary(live.run_summary(journal, run_id), as_json)
            else:
                live.follow_run(journal, run_id, raw=raw, interval=interval, from_seq=from_seq)
        finally:
            journal.close()
    if code:
        raise click.exceptions.Exit(code)
