"""``tape dev``: the whole of tape on one machine, no servers needed.

With no configuration: a SQLite journal at ``./.tape/dev.db``, kombu's filesystem transport
under ``./.tape/broker``, a local fake bank, and ``celery -A tape worker`` and
``celery -A tape beat`` as subprocesses importing the project's app module (``tape.yaml``'s
``project.module``, else ``--app``, else the built-in demo). ``--database-url`` /
``--broker-url`` (or ``TAPE_DATABASE_URL`` / ``TAPE_BROKER_URL``) switch to Postgres + Redis.
A worker or beat that dies is restarted (:meth:`DevProcesses.supervise`), with a line saying
so. Ctrl-C stops the children. ``--kill-resume-demo`` runs :mod:`tape.cli.demo` and exits with its
verdict.

Runs are leased for 5 s under ``tape dev`` (``--run-lease``; production's default is 60 s,
``TAPE_RUN_LEASE_MS``), so the run of a worker killed while practising is re-driven in seconds.
``--bank-fault`` makes the fake bank fail the way real ones do, to practise the triage loop
(docs/triage.md): ``lost-ack`` books every wire and loses the answer (UNKNOWN, then the
reconciler's look at the bank finds it: CONFIRMED), ``timeout`` books it and answers too late
(the same), ``lookup-down`` loses the answer and cannot look up a wire it booked (the effect
stays UNKNOWN, its run STUCK, for ``tape resolve`` or the dashboard).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import click
from sqlalchemy import exc as sa_exc

from tape import config, errors, files, migrations
from tape.cli import demo, devproject, errors_to_exit
from tape.cli.devprocs import DevProcesses, tail
from tape.store import engine as store_engine

#: ``--bank-fault`` -> what the fake bank does, for the startup line.
BANK_FAULTS = {
    "lost-ack": "books every wire, then drops the connection before answering",
    "timeout": "books every wire, then answers only after {delay:.0f}s (after the call timed out)",
    "lookup-down": (
        "books every wire and drops the answer; a lookup of a booked wire fails (HTTP 503)"
    ),
}
#: How late ``--bank-fault timeout`` answers: longer than any connector's call timeout here.
TIMEOUT_FAULT_S = 60.0


def _shown(url: str, workdir: Path) -> str:
    safe = store_engine.safe_url(url) if "://" in url and "@" in url else url
    return safe.replace(str(workdir) + os.sep, "./").replace(str(workdir), ".")


def _broker_line(broker_url: str, workdir: Path) -> str:
    folder = config.filesystem_broker_folder(broker_url)
    if folder is not None:
        config.filesystem_transport_options(folder)
        return f"✓ broker ready (kombu filesystem transport in {_shown(folder, workdir)})"
    from tape.cli.doctor import environment_checks

    check = environment_checks("sqlite://", broker_url)[-1]
    if not check.ok:
        raise errors.ConfigurationError(f"broker: {check.detail}")
    return f"✓ broker reachable ({check.detail.removesuffix(' reachable')})"


def _reachable(database_url: str) -> None:
    """A journal server that cannot be reached is a bad ``--database-url`` (exit 2,
    docs/dev.md), found before anything is written; a SQLite file is created, not reached."""
    if not store_engine.parse_url(database_url).drivername.startswith("postgresql"):
        return
    try:
        migrations.current_revision(database_url)  # connects, reads, writes nothing
    except sa_exc.OperationalError as exc:
        detail = (str(exc.orig).strip().splitlines() or ["connection failed"])[0]
        raise errors.InvalidDatabaseURL(
            f"cannot reach the journal database {store_engine.safe_url(database_url)}: "
            f"{detail}; start it, or pass another --database-url"
        ) from None


def inject_fault(bank: Any, fault: str) -> str:
    """Make the fake bank fail as ``fault`` names (every wire, until ``tape dev`` stops);
    returns the startup line's description."""
    if fault == "lost-ack":
        bank.reset_connection(path="/wires", times=None)
    elif fault == "timeout":
        bank.delay(TIMEOUT_FAULT_S, path="/wires", times=None)
    elif fault == "lookup-down":
        bank.reset_connection(path="/wires", times=None)
        bank.lose_booked_lookups()
    return BANK_FAULTS[fault].format(delay=TIMEOUT_FAULT_S)


def run_lease_ms(flag: float | None, environ: dict[str, str]) -> tuple[int, str]:
    """``tape dev``'s run lease and where it came from: ``--run-lease``, else
    ``TAPE_RUN_LEASE_MS``, else tape dev's default (5 s; production's is 60 s)."""
    if flag is not None:
        return int(flag * 1000), "--run-lease"
    raw = environ.get("TAPE_RUN_LEASE_MS", "").strip()
    if raw:
        return config.Settings.from_env(
            {"TAPE_RUN_LEASE_MS": raw}
        ).run_lease_ms, "TAPE_RUN_LEASE_MS"
    return config.DEV_RUN_LEASE_MS, "tape dev's default"


def child_env(
    project: devproject.DevProject, bank_url: str, demo_run: bool, lease_ms: int = 0
) -> dict[str, str]:
    """The environment of the worker and beat (and of this process's own ``.delay``)."""
    env = dict(os.environ)
    paths = [str(project.workdir), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env.update(
        PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)),
        PYTHONUNBUFFERED="1",
        TAPE_DATABASE_URL=project.database_url,
        TAPE_BROKER_URL=project.broker_url,
        TAPE_IMPORTS=project.app_module,
        TAPE_BANK_URL=bank_url,
        TAPE_RUN_LEASE_MS=str(lease_ms or config.DEV_RUN_LEASE_MS),
    )
    env.setdefault("TAPE_RECOVERY_INTERVAL", "1")
    env.setdefault("TAPE_OUTBOX_INTERVAL", "1")
    if demo_run:
        env["TAPE_CRASH_AT"] = demo.CRASH_POINT
        once = project.workdir / ".tape" / f"crash-once-{os.getpid()}-{time.time_ns()}"
        env["TAPE_CRASH_ONCE_FILE"] = str(once)
    return env


@click.command("dev")
@click.option("--database-url", default="", metavar="URL", help="Journal (default: SQLite).")
@click.option("--broker-url", default="", metavar="URL", help="Broker (default: filesystem).")
@click.option("--app", default="", metavar="MODULE[:AGENT]", help="App module to import.")
@click.option("--kill-resume-demo", is_flag=True, help="Crash an agent mid-effect; assert.")
@click.option("--timeout", default=90.0, show_default=True, type=click.FloatRange(min=5))
@click.option("--concurrency", default=2, show_default=True, type=click.IntRange(1, 8))
@click.option(
    "--bank-fault",
    type=click.Choice(list(BANK_FAULTS)),
    default=None,
    help="Make the fake bank fail, to practise triage: lost-ack and timeout are reconciled "
    "(CONFIRMED); lookup-down leaves the wire UNKNOWN and its run STUCK (docs/triage.md).",
)
@click.option(
    "--run-lease",
    type=click.FloatRange(min=0.5),
    default=None,
    metavar="SECONDS",
    help="Run lease: a killed worker's run is re-driven once it expires. Default 5 under "
    "tape dev (TAPE_RUN_LEASE_MS overrides); production's default is 60.",
)
def dev(
    database_url: str,
    broker_url: str,
    app: str,
    kill_resume_demo: bool,
    timeout: float,
    concurrency: int,
    bank_fault: str | None,
    run_lease: float | None,
) -> None:
    """Run tape locally: journal, broker, worker, beat (and the kill-resume demo)."""
    workdir = Path.cwd().resolve()
    started = time.monotonic()
    with errors_to_exit(database_url):
        project = devproject.resolve(
            workdir, database_url=database_url, broker_url=broker_url, app=app
        )
    search = os.pathsep.join([str(workdir), os.environ.get("PYTHONPATH", "")])
    problem = devproject.import_problem(project.app_module, {"PYTHONPATH": search})
    if problem:  # one line now, not a Celery traceback from every child later
        click.echo(f"tape: error: {problem}", err=True)
        raise click.exceptions.Exit(2)
    with errors_to_exit(project.database_url):
        store_engine.parse_url(project.database_url)  # a bad URL fails before .tape/ exists
        _reachable(project.database_url)  # so does a database that cannot be reached
        files.private_dirs(workdir / ".tape")  # the journal and broker: 0700
        migrations.upgrade(project.database_url)
        click.echo(f"✓ journal ready ({_shown(project.database_url, workdir)})")
        click.echo(_broker_line(project.broker_url, workdir))
    bank: Any = None
    bank_url = os.environ.get("TAPE_BANK_URL", "")
    if bank_fault and bank_url:
        click.echo(
            f"tape: error: --bank-fault needs tape dev's own fake bank, and TAPE_BANK_URL "
            f"names another ({bank_url}): unset it",
            err=True,
        )
        raise click.exceptions.Exit(2)
    with errors_to_exit():
        lease_ms, lease_source = run_lease_ms(run_lease, dict(os.environ))
    if not bank_url:
        from tape.testing.upstream import FakeUpstream

        bank = FakeUpstream().start()
        bank_url = bank.url
        click.echo(f"✓ fake bank listening on {bank_url}")
        if bank_fault:
            click.echo(f"! bank fault {bank_fault}: the bank {inject_fault(bank, bank_fault)}")
    click.echo(
        f"✓ run lease {lease_ms / 1000:g}s ({lease_source}; production's default is "
        f"{config.DEFAULT_RUN_LEASE_MS // 1000}s): a killed worker's run is re-driven after it"
    )
    env = child_env(project, bank_url, kill_resume_demo, lease_ms)
    procs = DevProcesses(workdir, env, concurrency=concurrency, report=click.echo)
    code = 0
    interrupted = False
    try:
        with _stop_on_signals():
            code = _run(
                project, procs, env, bank, kill_resume_demo, timeout - (time.monotonic() - started)
            )
    except KeyboardInterrupt:
        interrupted = True
        click.echo(f"\nstopping {_stopping(procs, bank)}…")
    finally:
        stopping_at = time.monotonic()
        procs.stop()
        if bank is not None:
            bank.stop()
    if interrupted:
        click.echo(f"✓ stopped ({time.monotonic() - stopping_at:.1f}s)")
    raise click.exceptions.Exit(code)


def _stopping(procs: DevProcesses, bank: Any) -> str:
    """What Ctrl-C stops, for the line that says so (nothing is silent while it waits)."""
    parts = [f"the {c.role} (pid {c.pid})" for c in procs.children if c.alive()]
    if bank is not None:
        parts.append("the fake bank")
    if not parts:
        return "tape dev"
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop ``tape dev`` (as KeyboardInterrupt) while it runs.

    Installed explicitly because a program started in the background by a non-interactive
    shell inherits SIGINT ignored, and Python then installs no KeyboardInterrupt handler: such a
    ``tape dev`` would never stop on Ctrl-C. The previous handlers come back before the
    children are stopped, so stopping them is not itself interrupted by the same signal.
    """

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(
    project: devproject.DevProject,
    procs: DevProcesses,
    env: dict[str, str],
    bank: Any,
    demo_run: bool,
    timeout: float,
) -> int:
    try:
        procs.start(timeout=max(10.0, timeout / 2))
    except RuntimeError as exc:
        click.echo(f"tape: error: {exc}", err=True)
        return 1
    from tape import passes

    with errors_to_exit():
        names = [p.label for p in passes.enabled(config.Settings.from_env(env))]
    click.echo(f"✓ reactors started ({', '.join(names)})")
    click.echo(f"✓ worker started (pid {procs.worker.pid}), beat started (pid {procs.beat.pid})")
    os.environ.update(env)  # this process's .delay() publishes to the same broker and journal
    if str(project.workdir) not in sys.path:
        sys.path.insert(0, str(project.workdir))
    agent: Any = None
    if project.entrypoint:
        with errors_to_exit():
            agent = devproject.load_entrypoint(project.entrypoint)
        task = f"tape.agents.{getattr(agent, 'name', '?')}"
        if task in procs.worker.log():
            click.echo(
                f"✓ agent started (`{getattr(agent, 'name', '?')}` from {project.app_module})"
            )
        else:
            click.echo(f"✗ the worker did not register {task}:\n{tail(procs.worker.log())}")
            return 1
    if demo_run:
        if agent is None:
            click.echo("tape: error: --kill-resume-demo needs an agent entrypoint", err=True)
            return 2
        module = sys.modules[project.entrypoint.partition(":")[0]]
        inputs = project.demo_inputs or dict(getattr(module, "DEMO_INPUTS", {}))
        from tape import connection

        with connection.connect(project.database_url) as journal:
            wires = (lambda: int(bank.count())) if bank is not None else (lambda: -1)
            return demo.run_demo(journal, procs, agent, inputs, wires, timeout)
    click.echo(f"Logs in {project.workdir / '.tape' / 'logs'}. Press Ctrl-C to stop.")
    click.echo(devproject.run_hint(project, agent))
    while procs.supervise():  # a worker or beat that dies is restarted (with a backoff)
        time.sleep(1)
    return 1
