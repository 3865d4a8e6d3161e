"""``tape ui``: serve the operators' dashboard (:mod:`tape.ui`).

::

    tape ui [--host 127.0.0.1] [--port 7880] [--database-url URL] [--public-reads]

Without ``TAPE_UI_TOKEN`` the dashboard is read-only and only a loopback ``--host`` is
accepted (exit 2 otherwise). With it, resolving needs the token, and so do the pages and
``/metrics`` unless ``--public-reads`` (``TAPE_UI_PUBLIC_READS=1``) leaves them open. Needs the
``ui`` extra.
"""

from __future__ import annotations

import logging
import os

import click

from tape import netaddr
from tape.cli import EXIT_USAGE, database_url_option, errors_to_exit, render
from tape.observability import logs

DEFAULT_PORT = 7880

#: Kept for callers of the old name; the rule lives in :mod:`tape.netaddr`.
is_loopback = netaddr.is_loopback


@click.command("ui")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--public-reads",
    is_flag=True,
    envvar="TAPE_UI_PUBLIC_READS",
    help="With TAPE_UI_TOKEN: pages and /metrics readable without the token (only resolving "
    "needs it). Off by default: with a token, reading needs it too (env: TAPE_UI_PUBLIC_READS).",
)
@database_url_option
def ui(host: str, port: int, public_reads: bool, database_url: str) -> None:
    """Serve the dashboard: runs, one run's timeline, the triage queue, /metrics."""
    token = os.environ.get("TAPE_UI_TOKEN", "").strip()
    refusal = netaddr.network_refusal(
        host,
        token,
        token_variable="TAPE_UI_TOKEN",
        what="the dashboard",
        option="--host",
        hint="operators log in with it",
    )
    if refusal:
        click.echo(f"tape: error: {refusal}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    try:
        import uvicorn

        from tape.ui import create_app
    except ImportError as exc:
        click.echo(
            f"tape: error: tape ui needs the 'ui' extra ({exc.name} is missing): "
            "pip install 'tape[ui]'",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_USAGE) from None
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
    use_json = logs.json_wanted()
    logs.configure(level=logging.INFO, json=use_json)
    if not token:
        mode = "read-only, no login"
    elif public_reads:
        mode = "pages and /metrics open; resolving needs TAPE_UI_TOKEN"
    else:
        mode = "pages, /metrics and resolving need TAPE_UI_TOKEN"
    click.echo(f"tape ui on http://{host}:{port}/ ({mode})", err=True)
    uvicorn.run(
        create_app(journal, token=token, public_reads=public_reads),
        host=host,
        port=port,
        log_config=None,  # the root logger configured above: JSON lines when asked for
        access_log=False,
        server_header=False,
    )
