"""``tape outbox`` (also ``python -m tape.reactors.outbox``): run the outbox dispatcher.

Prints one JSON line per pass: ``{"outbox": [...results...]}``.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import click

from tape import connection, connectors, errors, loading, redaction, terminal
from tape.cli import URL_SOURCES, errors_to_exit, resolve_database_url
from tape.config import default_claimer
from tape.reactors import outbox


@click.command("outbox")
@click.option(
    "--url",
    "--database-url",
    "url",
    default="",
    callback=resolve_database_url,
    show_default=URL_SOURCES,
    help="The journal: a tape server (tape://host:7878, tapes://host) or its database.",
)
@click.option("--connector", default="", help="Only dispatch effects of this connector.")
@click.option(
    "--interval",
    default=1000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Milliseconds between passes.",
)
@click.option(
    "--max-attempts",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="Failed dispatches before an effect is FAILED.",
)
@click.option("--claimer", default="", help="Claimer id recorded on claims [default: host:pid].")
@click.option("--once", is_flag=True, help="Run one pass and exit.")
@click.option(
    "--register-log-connector",
    is_flag=True,
    help="Register the built-in LogConnector (name 'log').",
)
@click.option(
    "--log-connector-path",
    default="/tmp/tape-outbox.jsonl",
    show_default=True,
    help="Where the LogConnector writes.",
)
@click.option(
    "--register-http-connector",
    "http_connectors",
    multiple=True,
    metavar="NAME=URL",
    callback=lambda ctx, param, value: [_http_spec(spec) for spec in value],
    help="Register an HTTPConnector named NAME that POSTs each effect to URL (repeatable).",
)
@click.option(
    "--load",
    "loads",
    multiple=True,
    metavar="SPEC",
    help="Import a module, module:attr or file that registers connectors (repeatable).",
)
@click.option(
    "--limit",
    default=500,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Effects claimed per pass.",
)
def outbox_command(
    url: str,
    connector: str,
    interval: int,
    max_attempts: int,
    claimer: str,
    once: bool,
    register_log_connector: bool,
    log_connector_path: str,
    http_connectors: list[tuple[str, str]],
    loads: tuple[str, ...],
    limit: int,
) -> None:
    """Dispatch PENDING+OUTBOX effects through their connectors, once each."""
    with errors_to_exit(url):
        for spec in loads:
            loading.load(spec)
        if register_log_connector:
            from tape.connectors.log import LogConnector

            connectors.register(LogConnector(path=log_connector_path))
        if http_connectors:
            from tape.connectors.http import HTTPConnector

            for name, endpoint in http_connectors:
                connectors.register(HTTPConnector(name=name, endpoint=endpoint))
        journal = connection.connect(url)
        options = outbox.OutboxOptions(
            claimer=claimer or default_claimer(),
            connector=connector,
            limit=limit,
            max_attempts=max_attempts,
        )
        while True:
            try:
                results = outbox.run_once(journal, options)
            except errors.ServerUnavailable as exc:
                if once:
                    raise
                # A tape server restarting (or its database): a long-running dispatcher waits
                # it out and passes again; the claims it held lapse and are expired as usual.
                secrets = redaction.url_secrets(url)
                shown = terminal.printable(redaction.redact_text(str(exc), secrets, limit=500))
                click.echo(f"tape outbox: server unavailable, passing again: {shown}", err=True)
                time.sleep(interval / 1000)
                continue
            click.echo(json.dumps({"outbox": redaction.redact(results)}, default=str))
            if once:
                return
            time.sleep(interval / 1000)


def _http_spec(spec: str) -> tuple[str, str]:
    """``NAME=URL`` of ``--register-http-connector``; a bad one is a usage error whose message
    shows the URL without its userinfo or secret query values."""
    name, sep, url = spec.partition("=")
    name, url = name.strip(), url.strip()
    if not sep or not name or not url:
        shown = redaction.redact_text(spec, (), limit=200)
        raise click.BadParameter(f"takes NAME=URL, not {shown!r}")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        shown = redaction.redact_text(url, (), limit=200)
        raise click.BadParameter(
            f"{name}: URL must be http://HOST/... or https://HOST/..., not {shown!r}"
        )
    return name, url
