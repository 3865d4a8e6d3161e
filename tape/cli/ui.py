"""``tape ui``: serve the operators' dashboard (:mod:`tape.ui`).

::

    tape ui [--host 127.0.0.1] [--port 7880] [--database-url URL]

Without ``TAPE_UI_TOKEN`` the dashboard is read-only and only a loopback ``--host`` is
accepted (exit 2 otherwise); with it, resolving needs the token. Needs the ``ui`` extra.
"""

from __future__ import annotations

import ipaddress
import logging
import os

import click

from tape.cli import EXIT_USAGE, database_url_option, errors_to_exit, render
from tape.observability import logs

DEFAULT_PORT = 7880


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only this machine (``localhost``, ``127.0.0.0/8``, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("ui")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@database_url_option
def ui(host: str, port: int, database_url: str) -> None:
    """Serve the dashboard: runs, one run's timeline, the triage queue, /metrics."""
    token = os.environ.get("TAPE_UI_TOKEN", "").strip()
    if not token and not is_loopback(host):
        click.echo(
            f"tape: error: refusing to listen on {host} without TAPE_UI_TOKEN: the dashboard "
            "would be open to the network. Set TAPE_UI_TOKEN (operators log in with it) or "
            "use a loopback --host such as 127.0.0.1.",
            err=True,
        )
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
    mode = "operators log in with TAPE_UI_TOKEN" if token else "read-only"
    click.echo(f"tape ui on http://{host}:{port}/ ({mode})", err=True)
    uvicorn.run(
        create_app(journal, token=token),
        host=host,
        port=port,
        log_config=None,  # the root logger configured above: JSON lines when asked for
        access_log=False,
        server_header=False,
    )
