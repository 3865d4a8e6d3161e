"""``tape pass NAME``: run one of the beat-ticked passes in this process, without Celery."""

from __future__ import annotations

import json
import time

import click

from tape import config, connection, loading, passes
from tape.cli import database_url_option, errors_to_exit


@click.command("pass")
@click.argument("name", type=click.Choice([p.name for p in passes.ALL]))
@database_url_option
@click.option("--once", is_flag=True, help="Run one pass and exit.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.01),
    default=None,
    help="Seconds between passes [default: the pass's beat interval].",
)
def pass_command(name: str, database_url: str, once: bool, interval: float | None) -> None:
    """Run a beat-ticked pass here (no worker, no beat): one JSON line per pass, how many rows
    ended how."""
    spec = passes.BY_NAME[name]
    with errors_to_exit(database_url):
        # What the workers import (TAPE_IMPORTS): connectors, compensators, timer handlers and
        # agents, the allow-list the pass looks stored names up in.
        loading.load_env_imports()
        settings = config.Settings.from_env()
        context = passes.PassContext()
        with connection.connect(database_url) as journal:
            while True:
                summary = spec.run(journal, settings, context)
                click.echo(json.dumps({name: summary}, sort_keys=True))
                if once:
                    return
                time.sleep(interval or spec.interval(settings))
