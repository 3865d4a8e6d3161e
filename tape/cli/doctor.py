"""``tape doctor``: check the environment (✓/✗ per check, exit 1 on any failure).

The URLs are the ones every command uses (:func:`tape.config.resolve_urls`: flag, ``TAPE_*``,
``tape.yaml``, embedded default); each check line says which source won. The broker checked is
that one (``tape dev``'s filesystem folder, or a Redis ping), and the workers on it are pinged
(Celery's ``ping`` broadcast): no worker answering is a failure, since nothing then moves.
On Postgres, a ``replication`` line fails when standbys stream from the journal's primary but
commits do not wait for one (docs/replication.md): a failover could then forget a claim.

``--live`` switches to the operational triage (:mod:`tape.cli.triage`: exit 2 a run is STUCK,
3 an effect waits past ``--pending-threshold-ms`` on a connector no worker registers, 1 an
effect is UNKNOWN or no worker answers, 0) and ``--dump-run RUN_ID`` prints everything the
journal holds about one run.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import asdict, dataclass
from importlib import metadata

import click
from rich.text import Text

from tape import config, migrations, redaction
from tape.cli import URL_SOURCES, errors_to_exit, render, resolved_urls, runview, triage
from tape.cli import live as live_views
from tape.store import engine as store_engine

MIN_PYTHON = (3, 11)
#: How long a worker ping waits for answers: a live worker answers in milliseconds.
PING_TIMEOUT_S = 1.5


@dataclass(frozen=True)
class Check:
    """One environment check and what it found."""

    name: str
    ok: bool
    detail: str
    #: Where the URL checked came from (:meth:`tape.config.Resolved.describe`); "" for others.
    source: str = ""


def _python() -> Check:
    version = ".".join(str(v) for v in sys.version_info[:3])
    ok = sys.version_info[:2] >= MIN_PYTHON
    return Check("python", ok, f"{version} (>= {'.'.join(map(str, MIN_PYTHON))} required)")


def _tape() -> Check:
    try:
        version = metadata.version("tape")
    except metadata.PackageNotFoundError:
        version = "not installed as a distribution (running from a source tree)"
    import tape

    return Check("tape", True, f"{version} at {os.path.dirname(tape.__file__)}")


def _database(url: str) -> Check:
    if url.startswith(("tape://", "tapes://")):
        return _server(url)
    shown = store_engine.safe_url(url)
    try:
        current = migrations.current_revision(url)
        head = migrations.head_revision()
    except Exception as exc:
        message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        first = redaction.redact_text(message[0] if message else repr(exc), limit=None)
        return Check("database", False, f"{shown}: {first}")
    if current == head:
        return Check("database", True, f"{shown} reachable, schema at head ({head})")
    state = "no tape schema" if current is None else f"schema {current}, head is {head}"
    return Check("database", False, f"{shown}: {state}; run `tape migrate`")


def _replication(url: str) -> Check | None:
    """Whether a failover of the journal's Postgres keeps tape's promise; None: not Postgres."""
    from tape.store import replication

    if url.startswith(("tape://", "tapes://")):
        return None  # the server's own doctor asks its database
    try:
        state = replication.read_replication(url)
    except Exception as exc:
        message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        first = redaction.redact_text(message[0] if message else repr(exc), limit=None)
        return Check("replication", False, f"could not ask the database: {first}")
    if state is None:
        return None
    ok = state.failover_safe and not state.in_recovery
    return Check("replication", ok, state.describe())


def _server(url: str) -> Check:
    from tape import connection

    shown = redaction.redact_url(url)
    try:
        with connection.connect(url) as journal:
            journal.list_runs(limit=1)
    except Exception as exc:
        return Check("database", False, redaction.redact_text(f"{shown}: {exc}", limit=None))
    return Check("database", True, f"{shown}: tape server reachable, its journal answers")


def _broker(url: str) -> Check:
    folder = config.filesystem_broker_folder(url)
    if folder is not None:
        if os.path.isdir(folder) and os.access(folder, os.W_OK):
            return Check("broker", True, f"filesystem transport at {os.path.abspath(folder)}")
        return Check(
            "broker",
            False,
            f"filesystem folder {os.path.abspath(folder)} missing (`tape dev` makes it)",
        )
    shown = redaction.redact_url(url, keep_user=True)
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
        else:
            from kombu.connection import Connection

            with Connection(url, connect_timeout=2) as conn:  # type: ignore[no-untyped-call]
                conn.ensure_connection(max_retries=1)
    except Exception as exc:
        first = (str(exc).splitlines() or [repr(exc)])[0]
        return Check("broker", False, f"{shown} unreachable: {redaction.redact_text(first)}")
    return Check("broker", True, f"{shown} reachable")


def ping_workers(broker_url: str, timeout: float = PING_TIMEOUT_S) -> list[str]:
    """Names of the workers on ``broker_url`` that answer Celery's ``ping`` within ``timeout``.

    A bare Celery app with tape's transport settings (not :mod:`tape.celery_app`, whose import
    configures this process for the environment's broker and creates its folders).
    """
    from celery import Celery

    from tape import dev_broker

    options: dict[str, object] = {}
    prefix = os.environ.get("TAPE_BROKER_KEYPREFIX", "")
    if prefix:  # the workers' keys (tape.celery_app._transport_options)
        options["global_keyprefix"] = prefix
    conf: dict[str, object] = {"broker_url": broker_url, "broker_transport_options": options}
    folder = config.filesystem_broker_folder(broker_url)
    if folder is not None:
        options.update(config.filesystem_transport_options(folder))
        conf["broker_transport"] = dev_broker.TRANSPORT
    app = Celery("tape-doctor", set_as_current=False)
    app.conf.update(conf)
    # kombu warns that a filesystem:// URL names no host ("Reverting to default 'localhost'");
    # the transport has none to name, so on doctor's screen the warning is only noise.
    kombu_log = logging.getLogger("kombu.connection")
    level = kombu_log.level
    if folder is not None:
        kombu_log.setLevel(logging.ERROR)
    try:
        replies = app.control.ping(timeout=timeout) or []
    finally:
        kombu_log.setLevel(level)
        app.close()
    return sorted(name for reply in replies for name in reply)


def _workers(broker_url: str, broker_ok: bool) -> Check:
    folder = config.filesystem_broker_folder(broker_url)
    start = "start `tape dev` here (it runs one), or `celery -A tape worker` on this broker"
    if folder is not None and not os.path.isdir(os.path.join(folder, "control")):
        # No process has used this broker yet (a worker makes control/ when it starts).
        return Check("workers", False, f"no worker running on this broker; {start}")
    if not broker_ok:
        return Check("workers", False, f"none can answer: the broker is unreachable; {start}")
    try:
        names = ping_workers(broker_url)
    except Exception as exc:
        first = (str(exc).splitlines() or [repr(exc)])[0]
        return Check("workers", False, f"cannot ping: {redaction.redact_text(first)}")
    if not names:
        return Check(
            "workers",
            False,
            f"no worker answered a ping within {PING_TIMEOUT_S:g}s: nothing dispatches or "
            f"resumes runs; {start}",
        )
    return Check("workers", True, f"{len(names)} answered a ping: {', '.join(names)}")


def environment_checks(database_url: str, broker_url: str) -> list[Check]:
    """The checks that need no worker, in the order shown (``tape dev`` uses the broker's)."""
    return [_python(), _tape(), _database(database_url), _broker(broker_url)]


def _checks(urls: config.Urls) -> list[Check]:
    python, version, database, broker = environment_checks(urls.database.value, urls.broker.value)
    replicated = _replication(urls.database.value) if database.ok else None
    return [
        python,
        version,
        Check(database.name, database.ok, database.detail, urls.database.describe()),
        *([replicated] if replicated is not None else []),
        Check(broker.name, broker.ok, broker.detail, urls.broker.describe()),
        _workers(urls.broker.value, broker.ok),
    ]


def _print_checks(checks: list[Check]) -> None:
    for check in checks:
        mark = ("✓", "green") if check.ok else ("✗", "red")
        source = f" (from {check.source})" if check.source else ""
        line = Text.assemble(mark, f" {check.name}: ", render.literal(check.detail + source))
        render.console().print(line, highlight=False, soft_wrap=True)  # one line per check


@click.command("doctor")
@click.option(
    "--database-url",
    default="",
    show_default=URL_SOURCES,
    metavar="URL",
    help="postgresql://..., sqlite:///path, or a tape server: tape://host:7878.",
)
@click.option(
    "--broker-url",
    default="",
    show_default="TAPE_BROKER_URL, else tape.yaml, else filesystem:// (./.tape/broker)",
    metavar="URL",
    help="Celery broker.",
)
@click.option(
    "--live",
    is_flag=True,
    help="Operational triage: exit 2 STUCK, 3 connector missing, 1 UNKNOWN or no worker, 0.",
)
@click.option("--dump-run", "dump_run", default="", metavar="RUN_ID", help="Dump one run.")
@click.option(
    "--pending-threshold-ms",
    default=60_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="--live: PENDING effects older than this are listed.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("-w", "--watch", is_flag=True, help="--live: refresh in place until Ctrl-C.")
@click.option("--interval", default=2.0, show_default=True, type=click.FloatRange(min=0.1))
def doctor(
    database_url: str,
    broker_url: str,
    live: bool,
    dump_run: str,
    pending_threshold_ms: int,
    as_json: bool,
    watch: bool = False,
    interval: float = 2.0,
) -> None:
    """Check the environment and the workers, triage a live journal (--live), or dump a run."""
    urls = resolved_urls(database_url, broker_url)
    database_url = urls.database.value
    if watch:
        _watch(database_url, pending_threshold_ms, interval, live and not as_json)
    if live or dump_run:
        with errors_to_exit(database_url):
            journal = render.open_journal(database_url)
            try:
                if dump_run:
                    dump = runview.run_dump(journal, journal.resolve_run_id(dump_run))
                    if as_json:
                        render.echo_json(dump)
                    else:
                        render.console().print(runview.render_dump(dump))
                    return
                report = triage.triage(journal, pending_threshold_ms)
            finally:
                journal.close()
        workers = _workers(urls.broker.value, _broker(urls.broker.value).ok)
        if not workers.ok:  # nothing dispatches or resumes: as bad as an UNKNOWN effect
            report["exit_code"] = max(int(report["exit_code"]), 1)
        if as_json:
            render.echo_json({**report, "workers": asdict(workers)})
        else:
            render.console().print(triage.render_triage(report))
            _print_checks([workers])
        raise click.exceptions.Exit(report["exit_code"])
    checks = _checks(urls)
    failed = [c for c in checks if not c.ok]
    if as_json:
        render.echo_json({"checks": [asdict(c) for c in checks], "ok": not failed})
    else:
        _print_checks(checks)
        if not failed:
            render.console().print("all checks passed.")
    if failed:
        raise click.exceptions.Exit(1)


def _watch(database_url: str, pending_threshold_ms: int, interval: float, ok: bool) -> None:
    if not ok:
        click.echo("tape: error: --watch goes with --live (and not --json)", err=True)
        raise click.exceptions.Exit(2)
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            code = live_views.watch_triage(journal, pending_threshold_ms, interval)
        finally:
            journal.close()
    raise click.exceptions.Exit(code)
