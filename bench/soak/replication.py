"""``make soak FAILOVER=1``: the soak on a Postgres primary and its synchronous standby, and a
failover in the middle of it.

The soak then runs on clusters of its own (``tests/support/pg_cluster.py``: ``initdb`` into a
temporary folder, ports of their own, never the shared 5432 cluster): a primary with
``synchronous_standby_names`` naming a standby made by ``pg_basebackup -R`` through a
replication slot. Workers, beat and everything else the soak starts get libpq's multi-host
URL, ``postgresql://postgres@127.0.0.1:P1,127.0.0.1:P2/db?target_session_attrs=read-write``
(docs/replication.md).

Once a quarter of the effects have settled, :class:`Failover` SIGKILLs the primary's
postmaster, waits until its backends are gone, and promotes the standby (``pg_ctl
promote``), as a failover manager would. Nobody restarts anything for tape: its processes
must find the new primary through the URL. The verdict adds: the failover happened, the
journal is on the promoted standby, no worker or beat died of a database error (no crash
loop: :func:`crashes`), and how long after the kill the first effect was CONFIRMED again.
Both clusters are removed at the end (when the soak keeps its logs, theirs are kept with them).
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _support import scratch_postgres
from sqlalchemy import func, select, text

from tape import migrations
from tape.enums import EffectStatus
from tape.journal import Journal
from tape.store import tables
from tests.support import pg_cluster

DATABASE = "tape_soak"
#: The share of effects settled before the primary is killed: late enough that the workers
#: are busy, early enough that most of the soak runs on the promoted standby.
KILL_AT_SETTLED = 0.25
#: Room for the soak's workers, children, beat, server and harness pools.
SETTINGS = {"max_connections": "300"}


@dataclass
class Failover:
    """Kills ``primary`` and promotes ``standby`` once :meth:`due` says so (see the module)."""

    primary: pg_cluster.Cluster
    standby: pg_cluster.Cluster
    kill_ms: int = 0
    promoted_ms: int = 0
    first_confirmed_ms: int = 0
    settled_at_kill: int = 0
    crash_note: str = ""
    error: str = ""
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self, settled: Callable[[], int], effects: int) -> None:
        """Fail over once ``settled()`` (effects CONFIRMED or FAILED) reaches
        :data:`KILL_AT_SETTLED` of ``effects``."""
        self._thread = threading.Thread(
            target=self._run,
            args=(settled, max(1, int(KILL_AT_SETTLED * effects))),
            name="soak-failover",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, settled: Callable[[], int], at: int) -> None:
        while not self._stop.is_set():
            try:
                self.settled_at_kill = settled()
            except Exception:  # the harness's own connection may be broken: ask again
                self.settled_at_kill = 0
            if self.settled_at_kill >= at:
                break
            self._stop.wait(0.5)
        else:
            return
        try:
            self.kill_ms = time.time_ns() // 1_000_000
            self.primary.kill()
            deadline = time.monotonic() + 60
            while self.primary._processes():  # its backends exit once they see it died
                if time.monotonic() > deadline:
                    raise RuntimeError("the old primary's processes did not exit in 60 s")
                time.sleep(0.05)
            self.standby.promote()
            self.promoted_ms = time.time_ns() // 1_000_000
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"

    def check(self, journal: Journal, tool: str) -> list[str]:
        """Problems with the failover itself (the soak's verdict checks the effects)."""
        if self.error:
            return [f"failover failed: {self.error}"]
        if not self.kill_ms or not self.promoted_ms:
            return ["the failover never happened (the soak ended first)"]
        problems = []
        e = tables.effects
        with journal.database.read() as conn:
            port = conn.execute(text("SELECT inet_server_port()")).scalar_one()
            first = conn.execute(
                select(func.min(e.c.ts_ms)).where(
                    e.c.tool_name == tool,
                    e.c.status == EffectStatus.CONFIRMED,
                    e.c.ts_ms > self.kill_ms,
                )
            ).scalar()
        if int(port) != self.standby.port:
            problems.append(f"the journal is on port {port}, not the promoted standby's")
        if first is None:
            problems.append("no effect was CONFIRMED after the primary was killed")
        else:
            self.first_confirmed_ms = int(first)
        return problems

    def summary(self) -> str:
        if not self.promoted_ms:
            return "failover: not done"
        recovered = (
            f"{(self.first_confirmed_ms - self.kill_ms) / 1000:.1f} s"
            if self.first_confirmed_ms
            else "never"
        )
        return (
            f"failover: primary (port {self.primary.port}) SIGKILLed with "
            f"{self.settled_at_kill} effects settled, standby (port "
            f"{self.standby.port}) promoted {(self.promoted_ms - self.kill_ms) / 1000:.1f} s "
            f"later; first CONFIRMED {recovered} after the kill; {self.crash_note}"
        )


#: How a celery worker or beat says it is exiting on an error.
_DEATH = re.compile(r"Unrecoverable error: (.*)|beat raised exception (.*)")
#: Errors of the database (the driver's or SQLAlchemy's), as opposed to the broker's.
_DATABASE = re.compile(r"psycopg|sqlalchemy|OperationalError|InterfaceError|DatabaseError")


def crashes(
    workdir: Path, done: Mapping[str, int], restarts: Mapping[str, int]
) -> tuple[list[str], str]:
    """Problems (a worker or beat that died of a database error: what a failover must never
    cause), and a note on restarts the chaos did not cause (``Unrecoverable error`` lines of
    the logs). A crash on a Redis restart is noted, not failed: it is the broker client's
    (kombu's channel close after a lost connection), and the supervisor restarts the worker
    as systemd would; the soak counts what reached the journal either way."""
    deaths: list[str] = []
    for log in sorted(workdir.glob("celery-*.log")):
        for line in log.read_text(errors="replace").splitlines():
            found = _DEATH.search(line)
            if found:
                deaths.append((found.group(1) or found.group(2) or "").strip()[:160])
    problems = [f"a process died of a database error: {d}" for d in deaths if _DATABASE.search(d)]
    extra = sum(
        max(0, restarts.get(role, 0) - done.get(fault, 0))
        for role, fault in (("worker", "kill-worker"), ("beat", "kill-beat"))
    )
    note = f"{extra} restart(s) without a kill"
    if deaths:
        note += " (" + "; ".join(f"{n}x {d}" for d, n in Counter(deaths).items()) + ")"
    return problems, note


@contextmanager
def database(failover: bool, workdir: Path) -> Iterator[tuple[str, Failover | None]]:
    """The soak's migrated database: on the shared cluster (no failover), or on a replicated
    pair of its own under a multi-host URL, with the :class:`Failover` that will break it."""
    if not failover:
        with scratch_postgres(prefix="tape_soak") as url:
            yield url, None
        return
    with pg_cluster.scratch_root("tape-soak-pg-") as root:
        try:
            with pg_cluster.replicated(root, SETTINGS) as (primary, standby):
                primary.execute(f"CREATE DATABASE {DATABASE}")
                url = pg_cluster.multi_host_url([primary, standby], DATABASE, connect_timeout="5")
                migrations.upgrade(url)
                yield url, Failover(primary, standby)
        finally:
            if workdir.is_dir():  # kept (a failure, or --keep-logs): the clusters' logs too
                for log in root.glob("*.log"):
                    shutil.copy(log, workdir / f"postgres-{log.name}")
