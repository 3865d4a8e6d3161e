"""Postgres clusters of a test's (or the soak's) own: ``initdb`` into a temporary folder, on
ports of their own (never the shared 5432), a synchronous streaming standby made with
``pg_basebackup``, SIGKILL of a postmaster, ``pg_ctl promote``; removed at the end.

Postgres refuses to run as root: when this process is root the server binaries run as the
``postgres`` OS user (``runuser``), which owns the folders. Only the clusters created here are
ever stopped or killed (by their own data folder), never the shared one.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import psycopg2

#: The server binaries (Debian's layout); TAPE_PG_BIN points elsewhere.
PG_BIN = Path(os.environ.get("TAPE_PG_BIN", "/usr/lib/postgresql/15/bin"))
OS_USER = "postgres"
SUPERUSER = "postgres"

#: What every cluster here runs with. fsync is off: the faults these clusters take are process
#: deaths (a SIGKILLed postmaster), which lose no page the OS already has; a power cut is not
#: what they test, and fsync would only slow a shared machine.
BASE_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "fsync": "off",
    "full_page_writes": "off",
    "wal_level": "replica",
    "max_wal_senders": "5",
    "max_replication_slots": "5",
    "wal_keep_size": "'256MB'",
    "shared_buffers": "'32MB'",
    "log_min_messages": "warning",
    "log_connections": "off",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner() -> list[str]:
    return ["runuser", "-u", OS_USER, "--"] if os.geteuid() == 0 else []


def _pg(tool: str, *args: str, timeout: float = 120.0) -> str:
    """Run the server binary ``tool`` as the clusters' owner; its stdout."""
    argv = [*_as_owner(), str(PG_BIN / tool), *args]
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{Path(argv[0]).name} failed ({done.returncode}): {done.stderr[-2000:]}"
        )
    return done.stdout


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam(OS_USER)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    path.chmod(0o700)


class Cluster:
    """One Postgres cluster in ``root/name`` on ``port``."""

    def __init__(self, root: Path, name: str, port: int | None = None) -> None:
        self.name = name
        self.data = root / name
        self.log = root / f"{name}.log"
        self.port = port or free_port()

    def __repr__(self) -> str:
        return f"Cluster({self.name!r}, port={self.port})"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _configure(self, settings: Mapping[str, str], file: str = "postgresql.conf") -> None:
        # Appended: a later line wins over an earlier one (copied from a primary by
        # pg_basebackup, or written by its -R into postgresql.auto.conf, which is read last).
        lines = [f"{k} = {v}" for k, v in settings.items()]
        with (self.data / file).open("a") as conf:
            conf.write("\n# tests/support/pg_cluster.py\n" + "\n".join(lines) + "\n")

    def init(self, settings: Mapping[str, str] | None = None) -> None:
        _pg("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
            "--no-sync", "--no-instructions")  # fmt: skip
        self._configure({**BASE_SETTINGS, "port": str(self.port), **(settings or {})})

    def standby_of(self, primary: Cluster, settings: Mapping[str, str] | None = None) -> None:
        """A streaming standby of ``primary`` (``pg_basebackup -R`` through a replication slot
        named after this cluster, which is also its ``application_name``)."""
        primary.execute(f"SELECT pg_create_physical_replication_slot('{self.name}')")
        _pg("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", SUPERUSER,
            "-D", str(self.data), "-R", "-S", self.name, "-X", "stream", "--no-sync",
            "-c", "fast")  # fmt: skip
        conninfo = (
            f"host=127.0.0.1 port={primary.port} user={SUPERUSER} application_name={self.name}"
        )
        self._configure(
            {
                "port": str(self.port),
                "primary_conninfo": f"'{conninfo}'",
                "primary_slot_name": f"'{self.name}'",
                # Once promoted it has no standby of its own: waiting for one would hang
                # every commit (docs/replication.md says what a real deployment does).
                "synchronous_standby_names": "''",
                **(settings or {}),
            },
            "postgresql.auto.conf",
        )

    def start(self, timeout: float = 120.0) -> None:
        _pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", str(int(timeout)),
            "start", timeout=timeout + 10)  # fmt: skip

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def kill(self) -> int:
        """SIGKILL the postmaster (its backends then exit on their own); its pid."""
        pid = self.postmaster_pid()
        if pid is None:
            raise RuntimeError(f"{self} is not running")
        os.kill(pid, signal.SIGKILL)
        return pid

    def promote(self, timeout: float = 60.0) -> None:
        _pg("pg_ctl", "-D", str(self.data), "-w", "-t", str(int(timeout)), "promote",
            timeout=timeout + 10)  # fmt: skip

    def stop(self) -> None:
        """Stop it (immediate), then SIGKILL whatever process still runs in its folder."""
        if self.postmaster_pid() is not None:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                _pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", timeout=60)
        for pid in self._processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def _processes(self) -> list[int]:
        """Processes whose working folder is this cluster's data folder (Postgres runs in it)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                if Path(os.readlink(entry / "cwd")) == self.data:
                    found.append(int(entry.name))
        return found

    def execute(self, sql: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """One statement in autocommit; its rows, if any."""
        conn = psycopg2.connect(self.url(database), connect_timeout=10)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(sql)
                return list(cur.fetchall()) if cur.description else []
        finally:
            conn.close()

    def wait_standby(self, name: str, *, sync: bool = True, timeout: float = 120.0) -> None:
        """Until ``name`` streams from this cluster (as its synchronous standby if ``sync``)."""
        deadline = time.monotonic() + timeout
        while True:
            rows = self.execute(
                "SELECT sync_state FROM pg_stat_replication "
                f"WHERE application_name = '{name}' AND state = 'streaming'"
            )
            if rows and (rows[0][0] == "sync" or not sync):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} does not stream from {self} (sync={sync}): {rows}")
            time.sleep(0.1)

    def wait_replayed_by(self, standby: Cluster, timeout: float = 60.0) -> None:
        """Until ``standby`` has replayed everything this primary has written so far."""
        lsn = self.execute("SELECT pg_current_wal_lsn()")[0][0]
        deadline = time.monotonic() + timeout
        while not standby.execute(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")[0][0]:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{standby} did not replay up to {lsn}")
            time.sleep(0.05)


def require_binaries() -> None:
    """Fail (never skip) when the server binaries are not there."""
    for tool in ("initdb", "pg_ctl", "pg_basebackup"):
        if not (PG_BIN / tool).exists():
            raise RuntimeError(
                f"{PG_BIN / tool} is missing: install postgresql-15 (or set TAPE_PG_BIN)"
            )
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        raise RuntimeError("running as root needs runuser to start Postgres as postgres")


@contextmanager
def scratch_root(prefix: str = "tape-pg-") -> Iterator[Path]:
    """A temporary folder the server's OS user owns, removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    _own(root)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def single(
    root: Path, settings: Mapping[str, str] | None = None, name: str = "solo"
) -> Iterator[Cluster]:
    """One started cluster, stopped at the end."""
    require_binaries()
    cluster = Cluster(root, name)
    try:
        cluster.init(settings)
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@contextmanager
def replicated(
    root: Path, settings: Mapping[str, str] | None = None, *, synchronous: bool = True
) -> Iterator[tuple[Cluster, Cluster]]:
    """A primary and its streaming standby (a replication slot keeps the WAL it has not
    received), both started; both stopped at the end. ``synchronous``: the primary's
    ``synchronous_standby_names`` names the standby, so a commit returns only once the standby
    has it; otherwise replication is asynchronous."""
    require_binaries()
    primary, standby = Cluster(root, "primary"), Cluster(root, "standby")
    names = "'standby'" if synchronous else "''"
    try:
        primary.init({"synchronous_standby_names": names, **(settings or {})})
        primary.start()
        standby.standby_of(primary)
        standby.start()
        primary.wait_standby(standby.name, sync=synchronous)
        yield primary, standby
    finally:
        standby.stop()
        primary.stop()


def multi_host_url(clusters: list[Cluster], database: str, **query: str) -> str:
    """libpq's multi-host URL of ``database`` on ``clusters`` (read-write session wanted)."""
    hosts = ",".join(f"127.0.0.1:{c.port}" for c in clusters)
    params = {"target_session_attrs": "read-write", **query}
    tail = "&".join(f"{k}={v}" for k, v in params.items())
    return f"postgresql://{SUPERUSER}@{hosts}/{database}?{tail}"
