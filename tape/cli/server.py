"""``tape server``: serve the journal over gRPC (``tape.v1.Tape``) for any language.

Clients reach it at ``tape://HOST:PORT`` (``tapes://`` with ``--tls-cert``/``--tls-key``).
With ``TAPE_TOKEN`` set, every call needs ``authorization: Bearer <token>`` (the token is
read from the environment only, so it never shows in a process list). SIGTERM or SIGINT
shuts it down gracefully: health turns NOT_SERVING, calls in flight finish (up to
``--grace`` seconds), then it exits 0.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from types import FrameType

import click

from tape import errors
from tape.cli import DEFAULT_DATABASE_URL, errors_to_exit
from tape.store.engine import safe_url


def _read(path: str, what: str) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise errors.ConfigurationError(
            f"cannot read the TLS {what} {path}: {exc.strerror}"
        ) from None


@click.command("server")
@click.option(
    "--listen",
    envvar="TAPE_LISTEN",
    default="127.0.0.1:7878",
    show_default=True,
    metavar="HOST:PORT",
    help="Address to serve on; port 0 picks a free one (env: TAPE_LISTEN).",
)
@click.option(
    "--database-url",
    envvar="TAPE_DATABASE_URL",
    default=DEFAULT_DATABASE_URL,
    show_default=True,
    metavar="URL",
    help="The journal database the server serves (env: TAPE_DATABASE_URL).",
)
@click.option(
    "--tls-cert", envvar="TAPE_TLS_CERT", default="", help="PEM certificate (chain) for TLS."
)
@click.option("--tls-key", envvar="TAPE_TLS_KEY", default="", help="PEM private key for TLS.")
@click.option(
    "--grace",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds calls in flight get to finish on shutdown.",
)
def server(listen: str, database_url: str, tls_cert: str, tls_key: str, grace: float) -> None:
    """Serve the journal at tape://HOST:PORT (tape.v1 gRPC, health, reflection)."""
    with errors_to_exit(database_url):
        if database_url.startswith(("tape://", "tapes://")):
            raise errors.InvalidDatabaseURL(
                "--database-url must be the journal database (postgresql://... or "
                "sqlite:///...), not another tape server"
            )
        from tape.journal import Journal
        from tape.rpc.server import serve

        cert, key = _read(tls_cert, "certificate"), _read(tls_key, "key")
        journal = Journal(database_url)
        running = serve(
            journal,
            listen,
            token=os.environ.get("TAPE_TOKEN", ""),
            tls_cert=cert,
            tls_key=key,
        )
        scheme = "tapes" if cert else "tape"
        host = listen.rsplit(":", 1)[0]
        click.echo(
            f"tape server listening on {scheme}://{host}:{running.port} "
            f"(journal {safe_url(database_url)}"
            f"{', bearer token required' if os.environ.get('TAPE_TOKEN') else ''})",
            err=True,
        )
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        stop.wait()
        click.echo("tape server: shutting down (calls in flight finish)", err=True)
        running.stop(grace)
        journal.close()
        click.echo("tape server: stopped", err=True)
