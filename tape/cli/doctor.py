"""``tape doctor``: check the environment (✓/✗ per check, exit 1 on any failure).

``--live`` switches to the operational triage (:mod:`tape.cli.triage`, exit 2/1/0) and
``--dump-run RUN_ID`` prints everything the journal holds about one run.
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, dataclass
from importlib import metadata

import click
from rich.text import Text

from tape import config, migrations, redaction
from tape.cli import database_url_option, errors_to_exit, render, runview, triage
from tape.cli import live as live_views
from tape.store import engine as store_engine

MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Check:
    """One environment check and what it found."""

    name: str
    ok: bool
    detail: str


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


def _server(url: str) -> Check:
    from tape.journal import Journal

    shown = redaction.redact_url(url)
    try:
        with Journal(url) as journal:
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


def environment_checks(database_url: str, broker_url: str) -> list[Check]:
    """Every environment check, in the order shown."""
    return [_python(), _tape(), _database(database_url), _broker(broker_url)]


@click.command("doctor")
@database_url_option
@click.option(
    "--broker-url",
    envvar="TAPE_BROKER_URL",
    default=config.DEFAULT_BROKER_URL,  # what a worker uses with no TAPE_BROKER_URL (README)
    show_default=True,
    help="Celery broker (env: TAPE_BROKER_URL).",
)
@click.option("--live", is_flag=True, help="Operational triage: exit 2 STUCK, 1 UNKNOWN, 0.")
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
    """Check the environment, triage a live journal (--live), or dump a run (--dump-run)."""
    if watch:
        _watch(database_url, pending_threshold_ms, interval, live and not as_json)
    if live or dump_run:
        with errors_to_exit(database_url):
            journal = render.open_journal(database_url)
            try:
                if dump_run:
                    dump = runview.run_dump(journal, dump_run)
                    if as_json:
                        render.echo_json(dump)
                    else:
                        render.console().print(runview.render_dump(dump))
                    return
                report = triage.triage(journal, pending_threshold_ms)
            finally:
                journal.close()
        if as_json:
            render.echo_json(report)
        else:
            render.console().print(triage.render_triage(report))
        raise click.exceptions.Exit(report["exit_code"])
    checks = environment_checks(database_url, broker_url)
    failed = [c for c in checks if not c.ok]
    if as_json:
        render.echo_json({"checks": [asdict(c) for c in checks], "ok": not failed})
    else:
        for check in checks:
            mark = ("✓", "green") if check.ok else ("✗", "red")
            line = Text.assemble(mark, f" {check.name}: ", render.literal(check.detail))
            render.console().print(line, highlight=False)
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
