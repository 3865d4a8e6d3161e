"""``tape compact``: zero the payloads of settled runs that ended a while ago."""

from __future__ import annotations

import json

import click

from tape import connection, durations
from tape.cli import database_url_option, errors_to_exit, render
from tape.reactors import compact


def _duration(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return durations.parse_seconds(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("compact")
@database_url_option
@click.option(
    "--before",
    default="7d",
    show_default=True,
    callback=_duration,
    metavar="DURATION",
    help="Only runs that ended at least this long ago (90s, 15m, 24h, 7d, 2w).",
)
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--dry-run", is_flag=True, help="List what would be compacted; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of lines.")
def compact_command(
    database_url: str, before: float, limit: int, dry_run: bool, as_json: bool
) -> None:
    """Compact settled runs (TERMINAL, FAILED or CANCELLED; no effect PENDING or UNKNOWN, no
    obligation left) that ended before now - DURATION: their decision and effect payloads are
    zeroed; keys, statuses and the journal stay."""
    with errors_to_exit(database_url), connection.connect(database_url) as journal:
        rows = compact.run_once(
            journal, hot_window_ms=int(before * 1000), limit=limit, dry_run=dry_run
        )
    total = sum(int(r.get("bytes", 0)) for r in rows if r["result"] in ("compacted", "compactable"))
    if as_json:
        click.echo(json.dumps({"dry_run": dry_run, "runs": rows, "bytes": total}))
        return
    for row in rows:
        extra = f"{row['bytes']} bytes" if "bytes" in row else row.get("reason", "")
        click.echo(f"{row['result']:<18} {render.text(row['run_id'])}  {render.text(extra)}")
    verb = "would save" if dry_run else "saved"
    click.echo(f"{len(rows)} runs; {verb} {total} bytes")
