"""``tape server``: serve the journal over gRPC (``tape.v1.Tape``) for any language.

Clients reach it at ``tape://HOST:PORT`` (``tapes://`` with ``--tls-cert``/``--tls-key``).
With ``TAPE_TOKEN`` set, every call needs ``authorization: Bearer <token>`` (the token is
read from the environment only, so it never shows in a process list). It imports the
modules of ``TAPE_IMPORTS``, as a worker does: ``RegisterCompensation`` accepts only a
``compensator_ref`` they register. Without ``TAPE_TOKEN`` only a loopback ``--listen`` is
accepted (exit 2 otherwise); a token on a non-loopback address without TLS is accepted with a
warning. Stream limits come from ``TAPE_SERVER_*`` (:mod:`tape.rpc.streams`). SIGTERM or SIGINT
shuts it down gracefully: health turns NOT_SERVING, calls in flight finish (up to
``--grace`` seconds), then it exits 0.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import NoReturn

import click

from tape import config, errors, netaddr
from tape.cli import DEFAULT_DATABASE_URL, EXIT_USAGE, errors_to_exit
from tape.observability import logs
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


def _served_database(flag: str) -> str:
    # The one rule (tape.config.resolve_urls) without TAPE_URL: that names a server to use,
    # which the shell that starts this one may well have set for its own CLI commands.
    environ = {k: v for k, v in os.environ.items() if k != "TAPE_URL"}
    try:
        urls = config.resolve_urls(database_url=flag, environ=environ, workdir=Path.cwd())
    except errors.ConfigurationError as exc:
        _usage_error(str(exc))
    return urls.database.value


@click.command("server")
@click.option(
    "--listen",
    envvar="TAPE_LISTEN",
    default="127.0.0.1:7878",
    show_default=True,
    metavar="HOST:PORT",
    help="Address to serve on (HOST:PORT, IPv6 in brackets); port 0 picks a free one; a "
    "non-loopback HOST needs TAPE_TOKEN (env: TAPE_LISTEN).",
)
@click.option(
    "--database-url",
    default="",
    callback=lambda ctx, param, value: _served_database(value),
    show_default="TAPE_DATABASE_URL, else tape.yaml, else " + DEFAULT_DATABASE_URL,
    metavar="URL",
    help="The journal database the server serves.",
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
    token = os.environ.get("TAPE_TOKEN", "").strip()
    _require_grpc()
    try:
        address = netaddr.parse_listen(listen)
        from tape.rpc import streams

        limits = streams.Limits.from_env()
    except errors.ConfigurationError as exc:
        _usage_error(str(exc))
    refusal = netaddr.network_refusal(
        address.host,
        token,
        token_variable="TAPE_TOKEN",
        what="every journal call (read any payload, forge outcomes)",
        option="--listen",
    )
    if refusal:
        _usage_error(refusal)
    # Warnings and errors as log lines (JSON with TAPE_LOG_FORMAT=json); the lines below
    # that say where it listens stay plain for scripts that wait for them.
    logs.configure(level=logging.WARNING, json=logs.json_wanted())
    with errors_to_exit(database_url):
        if database_url.startswith(("tape://", "tapes://")):
            raise errors.InvalidDatabaseURL(
                "--database-url must be the journal database (postgresql://... or "
                "sqlite:///...), not another tape server"
            )
        from tape import connection, loading
        from tape.rpc.server import serve

        # A journal without tape's tables would fail every call with the same message; say it
        # once, before listening. An unreachable database is not refused here: the server
        # starts and its calls answer "unavailable" until the database is back.
        _require_schema(database_url)

        # A client may name only compensators this process registered (journal data never
        # names code): import what the workers import, TAPE_IMPORTS (docs/security.md).
        loading.load_env_imports()
        cert, key = _read(tls_cert, "certificate"), _read(tls_key, "key")
        journal = connection.connect(database_url)
        running = serve(
            journal, str(address), token=token, tls_cert=cert, tls_key=key, limits=limits
        )
        scheme = "tapes" if cert else "tape"
        click.echo(
            f"tape server listening on {scheme}://{address.host}:{running.port} "
            f"(journal {safe_url(database_url)}"
            f"{', bearer token required' if token else ''})",
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


#: Top-level modules of the grpc extra (pyproject.toml ``[project.optional-dependencies]``).
GRPC_EXTRA_MODULES = ("grpc", "grpc_health", "grpc_reflection", "google")


def _require_schema(database_url: str) -> None:
    """Raise ``SchemaNotReady`` (naming ``tape migrate``) when the journal has no tape schema."""
    from tape import migrations

    try:
        migrations.check_schema(database_url)
    except errors.TapeError:
        raise
    except Exception:
        logging.getLogger(__name__).warning(
            "tape server: the journal database could not be checked at start; serving anyway"
        )


def _require_grpc() -> None:
    """One line and exit 2 when the grpc extra is not installed, not an import traceback."""
    try:
        import tape.rpc.server  # noqa: F401 - imports grpcio, its health, reflection, protobuf
    except ImportError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing not in GRPC_EXTRA_MODULES:
            raise
        _usage_error(
            f"tape server needs the grpc extra: pip install 'tape[grpc]' ({exc.name} is missing)"
        )


def _usage_error(message: str) -> NoReturn:
    click.echo(f"tape: error: {message}", err=True)
    raise click.exceptions.Exit(EXIT_USAGE)
