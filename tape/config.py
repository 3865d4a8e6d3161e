"""Settings, read once from ``TAPE_*`` environment variables into a frozen object.

==================================  ====================================  ===================
variable                            meaning                               default
==================================  ====================================  ===================
``TAPE_DATABASE_URL``               the journal                           ``sqlite:///./.tape/dev.db``
``TAPE_URL``                        a tape server whose journal to use    (none)
                                    (``tape://host:7878``); wins over
                                    ``TAPE_DATABASE_URL`` when set
``TAPE_BROKER_URL``                 Celery broker (Redis in production)   ``filesystem://``
                                                                          (``./.tape/broker``)
``TAPE_IMPORTS``                    modules imported at worker start      (none)
                                    (comma-separated: connectors, tools)
``TAPE_OUTBOX_INTERVAL``            seconds between outbox passes         ``1``
``TAPE_RECONCILE_INTERVAL``         seconds between reconcile passes      ``5``
``TAPE_RECONCILE_PENDING_AFTER_MS`` age after which a PENDING inline      ``600000``
                                    effect is observed (its agent crashed
                                    mid-call); ``0`` never
``TAPE_TIMERS_INTERVAL``            seconds between timer passes          ``1``
``TAPE_COMPENSATION_INTERVAL``      seconds between compensation passes   ``5``
``TAPE_RECOVERY_INTERVAL``          seconds between recovery passes       ``2``
``TAPE_DISPATCH_LEASE_MS``          dispatch claim lease                  ``60000``
``TAPE_RUN_LEASE_MS``               run lease of an agent that names none ``60000`` (``tape dev``:
                                    (``@tape.agent(lease_ttl_ms=)``): a   ``5000``)
                                    killed worker's run is re-driven
                                    once it expires
``TAPE_REACTOR_LEASE_MS``           claim lease of compensation, timer    ``60000``
                                    and recovery passes (longer than an
                                    inverse or a timer action takes)
``TAPE_MAX_ATTEMPTS``               failed dispatches before FAILED       ``5``
``TAPE_DISPATCH_BATCH``             effects claimed per pass              ``500``
``TAPE_DISPATCH_CONCURRENCY``       connector calls in flight per pass    ``32``
``TAPE_DISPATCH_HINTS``             publish a dispatch hint on enqueue    ``1``
``TAPE_VISIBILITY_TIMEOUT``         Redis redelivery timeout, seconds     ``3600``
``TAPE_TASK_TIME_LIMIT``            hard time limit of a pass, seconds    ``300``
``TAPE_DISPATCH_CLAIMER``           claimer name recorded on claims       ``<host>:<pid>``
``TAPE_PASS_EVENTS``                ``1``: tape's beat-ticked passes show ``0``
                                    like any task: task events (Flower
                                    lists them) and Celery's per-tick
                                    INFO log lines
``TAPE_BROKER_KEYPREFIX``           prefix of every Redis key Celery uses (none)
                                    (several tape deployments, or test
                                    sessions, on one Redis database)
``TAPE_REACTIONS_INTERVAL``         seconds between the event bus's       ``1``
                                    matcher and dispatch passes
``TAPE_REACTIONS_LISTEN``           a worker matches on every journal     ``1``
                                    commit (LISTEN/NOTIFY; SQLite polls)
``TAPE_REACTIONS_POLL_MS``          that listener's poll on SQLite        ``200``
``TAPE_TASK_LEASE_MS``              claim lease of a reaction task        ``60000``
``TAPE_TASK_BATCH``                 reaction tasks a worker claims at once ``64``
                                    (renewed every third of it while the
                                    handler runs)
``TAPE_COMPACT_AFTER``              hot window: compact settled runs that (off)
                                    ended longer ago (``7d``, ``24h``, s)
``TAPE_COMPACT_INTERVAL``           seconds between compaction passes     ``60``
==================================  ====================================  ===================

The three URLs are resolved by :func:`resolve_urls`, the one rule every command, the dashboard,
``.delay()`` and the worker follow: a command-line flag, else the ``TAPE_*`` variable, else
``./tape.yaml``'s ``tape:`` section (``url``, ``database_url``, ``broker_url``), else the
embedded default (SQLite and kombu's filesystem broker under ``./.tape/``, what ``tape dev``
runs with no configuration). Relative SQLite paths and broker folders are made absolute against
the folder, so every process started there shares them. Which of the four won is kept
(:attr:`Resolved.source`); ``tape doctor`` prints it.
"""

from __future__ import annotations

import dataclasses
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tape import durations, errors, files

#: The project file (:mod:`tape.project`): where a project's journal and broker are.
PROJECT_FILE = "tape.yaml"


def read_project(path: Path) -> dict[str, Any]:
    """The parsed ``tape.yaml`` at ``path``.

    Raises:
        ConfigurationError: it cannot be read, or is not a ``tape.dev/v1`` TapeProject.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise errors.ConfigurationError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("kind", "TapeProject") != "TapeProject":
        raise errors.ConfigurationError(f"{path} is not a tape.dev/v1 TapeProject")
    return data


DEFAULT_DATABASE_URL = "sqlite:///./.tape/dev.db"
#: The run lease of an agent that names none (``TAPE_RUN_LEASE_MS``): how long a run whose
#: worker died stays leased before recovery re-drives it.
DEFAULT_RUN_LEASE_MS = 60_000
#: ``tape dev``'s run lease: a worker killed while practising is recovered in seconds.
DEV_RUN_LEASE_MS = 5_000
#: The broker ``tape dev`` uses with no configuration: kombu's filesystem transport, no server.
#: ``filesystem://`` keeps its folders under ``./.tape/broker``; ``filesystem:///abs/dir`` there.
DEV_BROKER_URL = "filesystem://"
#: The embedded default broker of every process (worker, ``.delay()``, CLI): ``tape dev``'s, so
#: a script and ``tape dev`` in the same folder meet on the same broker with no configuration.
DEFAULT_BROKER_URL = DEV_BROKER_URL
#: Where a URL came from (:attr:`Resolved.source`).
SOURCE_FLAG = "flag"
SOURCE_ENV = "env"
SOURCE_PROJECT = "tape.yaml"
SOURCE_DEFAULT = "default"
DEV_BROKER_FOLDER = ".tape/broker"
#: How often a filesystem-broker consumer looks for new messages. kombu's default (1 s) is as
#: long as tape dev's shortest tick interval: a message the worker's prefetch held back until
#: the next look waited longer than its tick and was dropped as expired, again and again.
FILESYSTEM_POLL_S = 0.05


def filesystem_broker_folder(url: str) -> str | None:
    """The folder of a ``filesystem://`` broker URL, ``None`` for any other broker."""
    if not url.startswith("filesystem://"):
        return None
    return url[len("filesystem://") :] or DEV_BROKER_FOLDER


def filesystem_transport_options(folder: str) -> dict[str, object]:
    """kombu filesystem transport options for ``folder`` (one message folder shared by all
    producers and consumers, fanout tables in ``control/``), creating the folders."""
    files.private_dirs(os.path.join(folder, "queue"))
    files.private_dirs(os.path.join(folder, "control"))
    return {
        "data_folder_in": os.path.join(folder, "queue"),
        "data_folder_out": os.path.join(folder, "queue"),
        "control_folder": os.path.join(folder, "control"),
        "store_processed": False,
        "polling_interval": FILESYSTEM_POLL_S,
    }


@dataclass(frozen=True)
class Resolved:
    """One URL and which source won for it (:func:`resolve_urls`)."""

    value: str
    #: :data:`SOURCE_FLAG`, :data:`SOURCE_ENV`, :data:`SOURCE_PROJECT` or :data:`SOURCE_DEFAULT`.
    source: str
    #: The flag, variable or file that set it (``--database-url``, ``TAPE_URL``, the path of
    #: ``tape.yaml``); empty for the embedded default.
    origin: str = ""

    def describe(self) -> str:
        """Where the value came from, for people: ``TAPE_URL``, ``tape.yaml (/x/tape.yaml)``."""
        if self.source == SOURCE_DEFAULT:
            return "embedded default"
        if self.source == SOURCE_PROJECT:
            return f"tape.yaml ({self.origin})"
        return self.origin


@dataclass(frozen=True)
class Urls:
    """The journal and broker URLs of one process, with their sources."""

    database: Resolved
    broker: Resolved


def resolve_urls(
    *,
    database_url: str = "",
    broker_url: str = "",
    environ: Mapping[str, str] | None = None,
    workdir: Path | None = None,
) -> Urls:
    """The one configuration rule: flag, then ``TAPE_*``, then ``tape.yaml``, then the default.

    Every command, the dashboard, ``.delay()`` (:func:`tape.runtime.settings`) and the worker
    resolve their URLs here, so they all read the same journal and meet on the same broker.

    Args:
        database_url: the ``--database-url`` flag (a database or a ``tape://`` server); "" unset.
        broker_url: the ``--broker-url`` flag; "" unset.
        environ: the environment (``os.environ`` when None).
        workdir: the folder whose ``tape.yaml`` is read and against which relative SQLite paths
            and ``filesystem://`` folders are made absolute; None: no ``tape.yaml``, the values
            as given (an explicit, complete configuration).

    Raises:
        ConfigurationError: ``tape.yaml`` exists but cannot be used.
    """
    env = os.environ if environ is None else environ
    section: Mapping[str, object] = {}
    project_path = ""
    if workdir is not None:
        path = workdir / PROJECT_FILE
        if path.is_file():
            section = dict(read_project(path).get("tape") or {})
            project_path = str(path)

    def first(candidates: list[tuple[str, str, str]], default: str) -> Resolved:
        for value, source, origin in candidates:
            if value:
                return Resolved(value, source, origin)
        return Resolved(default, SOURCE_DEFAULT)

    database = first(
        [
            (database_url, SOURCE_FLAG, "--database-url"),
            (env.get("TAPE_URL", ""), SOURCE_ENV, "TAPE_URL"),
            (env.get("TAPE_DATABASE_URL", ""), SOURCE_ENV, "TAPE_DATABASE_URL"),
            (str(section.get("url") or ""), SOURCE_PROJECT, project_path),
            (str(section.get("database_url") or ""), SOURCE_PROJECT, project_path),
        ],
        DEFAULT_DATABASE_URL,
    )
    broker = first(
        [
            (broker_url, SOURCE_FLAG, "--broker-url"),
            (env.get("TAPE_BROKER_URL", ""), SOURCE_ENV, "TAPE_BROKER_URL"),
            (str(section.get("broker_url") or ""), SOURCE_PROJECT, project_path),
        ],
        DEFAULT_BROKER_URL,
    )
    if workdir is not None:
        database = dataclasses.replace(database, value=_absolute_sqlite(database.value, workdir))
        broker = dataclasses.replace(broker, value=_absolute_broker(broker.value, workdir))
    return Urls(database=database, broker=broker)


def _absolute_sqlite(url: str, workdir: Path) -> str:
    """``sqlite:///.tape/dev.db`` made absolute against ``workdir`` (children share it)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url.startswith("sqlite:////"):
        return url
    relative = url[len(prefix) :]
    if not relative or relative.startswith(":memory:") or relative.startswith("file:"):
        return url
    return prefix + str((workdir / relative).resolve())


def _absolute_broker(url: str, workdir: Path) -> str:
    """A relative ``filesystem://`` broker folder made absolute against ``workdir``."""
    folder = filesystem_broker_folder(url)
    if folder is None or os.path.isabs(folder):
        return url
    return "filesystem://" + str((workdir / folder).resolve())


def default_claimer() -> str:
    """``<host>:<pid>``, read when called (a forked worker child gets its own pid)."""
    return os.environ.get("TAPE_DISPATCH_CLAIMER") or f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Settings:
    """tape's configuration. Build it with :meth:`from_env`."""

    database_url: str = DEFAULT_DATABASE_URL
    broker_url: str = DEFAULT_BROKER_URL
    imports: tuple[str, ...] = ()
    outbox_interval_s: float = 1.0
    reconcile_interval_s: float = 5.0
    reconcile_pending_after_ms: int = 600_000
    timers_interval_s: float = 1.0
    compensation_interval_s: float = 5.0
    recovery_interval_s: float = 2.0
    dispatch_lease_ms: int = 60_000
    run_lease_ms: int = DEFAULT_RUN_LEASE_MS
    reactor_lease_ms: int = 60_000
    max_attempts: int = 5
    dispatch_batch: int = 500
    dispatch_concurrency: int = 32
    dispatch_hints: bool = True
    visibility_timeout_s: int = 3600
    task_time_limit_s: int = 300
    pass_events: bool = False
    compact_after_s: float = 0.0  # 0: compaction off (TAPE_COMPACT_AFTER, e.g. 7d)
    compact_interval_s: float = 60.0
    broker_prefix: str = field(default_factory=lambda: os.environ.get("TAPE_BROKER_KEYPREFIX", ""))
    reactions_interval_s: float = 1.0
    reactions_listen: bool = True
    reactions_poll_ms: int = 200
    task_lease_ms: int = 60_000
    task_batch: int = 64
    extra: Mapping[str, str] = field(default_factory=dict)
    #: The URLs with the source each came from (:func:`resolve_urls`); None when built by hand.
    urls: Urls | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``TAPE_*`` variables.

        Raises:
            ConfigurationError: a value that cannot be used, naming the variable.
        """
        env = os.environ if environ is None else environ
        # The process's own environment: the URLs follow the one rule (resolve_urls), so a
        # script's .delay() reaches the journal and broker of `tape dev` and of the CLI in the
        # same folder (an explicit mapping is taken as complete: no tape.yaml).
        urls = resolve_urls(environ=env, workdir=Path.cwd() if environ is None else None)

        def number(name: str, default: float, *, minimum: float = 0.001) -> float:
            raw = env.get(name, "")
            if raw == "":
                return default
            try:
                value = float(raw)
            except ValueError:
                raise errors.ConfigurationError(f"{name} must be a number, not {raw!r}") from None
            if value < minimum:
                raise errors.ConfigurationError(f"{name} must be >= {minimum}, not {raw!r}")
            return value

        def duration(name: str) -> float:
            raw = env.get(name, "")
            try:
                return durations.parse_seconds(raw) if raw.strip() else 0.0
            except ValueError as exc:
                raise errors.ConfigurationError(f"{name}: {exc}") from None

        def integer(name: str, default: int, *, minimum: int = 1) -> int:
            return int(number(name, default, minimum=minimum))

        imports = tuple(m.strip() for m in env.get("TAPE_IMPORTS", "").split(",") if m.strip())
        visibility = integer("TAPE_VISIBILITY_TIMEOUT", 3600, minimum=10)
        time_limit = integer("TAPE_TASK_TIME_LIMIT", 300, minimum=1)
        if time_limit >= visibility:
            raise errors.ConfigurationError(
                "TAPE_TASK_TIME_LIMIT must be below TAPE_VISIBILITY_TIMEOUT, or Redis would "
                "redeliver a task that is still running"
            )
        return cls(
            database_url=urls.database.value,
            broker_url=urls.broker.value,
            urls=urls,
            imports=imports,
            outbox_interval_s=number("TAPE_OUTBOX_INTERVAL", 1.0),
            reconcile_interval_s=number("TAPE_RECONCILE_INTERVAL", 5.0),
            reconcile_pending_after_ms=integer(
                "TAPE_RECONCILE_PENDING_AFTER_MS", 600_000, minimum=0
            ),
            timers_interval_s=number("TAPE_TIMERS_INTERVAL", 1.0),
            compensation_interval_s=number("TAPE_COMPENSATION_INTERVAL", 5.0),
            recovery_interval_s=number("TAPE_RECOVERY_INTERVAL", 2.0),
            dispatch_lease_ms=integer("TAPE_DISPATCH_LEASE_MS", 60_000, minimum=100),
            run_lease_ms=integer("TAPE_RUN_LEASE_MS", DEFAULT_RUN_LEASE_MS, minimum=100),
            reactor_lease_ms=integer("TAPE_REACTOR_LEASE_MS", 60_000, minimum=100),
            max_attempts=integer("TAPE_MAX_ATTEMPTS", 5),
            dispatch_batch=integer("TAPE_DISPATCH_BATCH", 500),
            dispatch_concurrency=integer("TAPE_DISPATCH_CONCURRENCY", 32),
            dispatch_hints=env.get("TAPE_DISPATCH_HINTS", "1").strip().lower()
            not in ("0", "false", "no", "off"),
            visibility_timeout_s=visibility,
            task_time_limit_s=time_limit,
            pass_events=env.get("TAPE_PASS_EVENTS", "0").strip().lower()
            in ("1", "true", "yes", "on"),
            broker_prefix=env.get("TAPE_BROKER_KEYPREFIX", ""),
            reactions_interval_s=number("TAPE_REACTIONS_INTERVAL", 1.0),
            reactions_listen=env.get("TAPE_REACTIONS_LISTEN", "1").strip().lower()
            not in ("0", "false", "no", "off"),
            reactions_poll_ms=integer("TAPE_REACTIONS_POLL_MS", 200, minimum=10),
            task_lease_ms=integer("TAPE_TASK_LEASE_MS", 60_000, minimum=300),
            task_batch=integer("TAPE_TASK_BATCH", 64),
            compact_after_s=duration("TAPE_COMPACT_AFTER"),
            compact_interval_s=number("TAPE_COMPACT_INTERVAL", 60.0),
        )
