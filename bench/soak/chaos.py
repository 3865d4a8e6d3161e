"""Process and service faults, and the supervisor that restarts what they kill."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from soak import services
from tests.support.celery_procs import CeleryProc, pid_alive

#: A supervisor's restart delay (systemd's RestartSec).
RESTART_AFTER_S = 1.0


@dataclass
class Supervisor:
    """Restarts any worker or beat whose main process died, after ``RESTART_AFTER_S``; like
    systemd with ``KillMode=control-group`` it first kills what is left of the process group
    (orphaned pool children)."""

    procs: Sequence[CeleryProc]
    restarts: Counter[str] = field(default_factory=Counter)
    _dead_since: dict[str, float] = field(default_factory=dict)

    def tick(self) -> None:
        now = time.monotonic()
        for proc in self.procs:
            if proc.alive():
                continue
            since = self._dead_since.setdefault(proc.name, now)
            if now - since >= RESTART_AFTER_S:
                proc.stop(grace=0)  # SIGKILLs the group's leftovers, closes the log
                proc.start()
                self.restarts[proc.role] += 1
                del self._dead_since[proc.name]

    def all_alive(self) -> bool:
        return all(p.alive() for p in self.procs)


@dataclass
class Chaos:
    """Injects one fault every ``every_s`` (jittered), cycling through ``kinds`` in a shuffled
    order, until :meth:`stop`; the supervisor ticks in between."""

    workers: Sequence[CeleryProc]
    beat: CeleryProc
    supervisor: Supervisor
    database_url: str
    redis: services.RedisServer | None
    restart_postgres: bool
    every_s: float
    seed: int
    done: Counter[str] = field(default_factory=Counter)
    backends_terminated: int = 0
    last_fault_ms: int = 0
    last_fault: str = ""
    errors: list[str] = field(default_factory=list)
    #: More fault kinds, injected in the same rotation (``kill-server``: :mod:`soak.surfaces`).
    extra: dict[str, Callable[[random.Random], bool]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def kinds(self) -> list[str]:
        kinds = ["kill-child", "kill-child", "kill-worker", "kill-beat", "pg-terminate"]
        if self.redis is not None:
            kinds.append("redis-restart")
        if self.restart_postgres:
            kinds.append("pg-restart")
        return kinds + list(self.extra)

    def run(self) -> None:
        rng = random.Random(self.seed)
        actions: dict[str, Callable[[random.Random], bool]] = {
            "kill-child": self._kill_child,
            "kill-worker": self._kill_worker,
            "kill-beat": self._kill_beat,
            "pg-terminate": self._pg_terminate,
            "redis-restart": self._redis_restart,
            "pg-restart": self._pg_restart,
            **self.extra,
        }
        while not self._stop.is_set():
            order = self.kinds()
            rng.shuffle(order)
            for kind in order:
                if self._wait(self.every_s * rng.uniform(0.5, 1.5)):
                    return
                try:
                    if actions[kind](rng):
                        self.done[kind] += 1
                        self.last_fault_ms = time.time_ns() // 1_000_000
                        self.last_fault = kind
                except Exception as exc:  # a fault that could not be injected is reported
                    self.errors.append(f"{kind}: {type(exc).__name__}: {exc}")

    def stop(self) -> None:
        self._stop.set()

    def summary(self) -> str:
        parts = [f"{kind} {self.done[kind]}" for kind in dict.fromkeys(self.kinds())]
        parts.append(f"(backends terminated {self.backends_terminated})")
        return ", ".join(parts)

    def _wait(self, seconds: float) -> bool:
        """Tick the supervisor while waiting; True once stopped."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.supervisor.tick()
            if self._stop.wait(0.1):
                return True
        return False

    def _kill_child(self, rng: random.Random) -> bool:
        children = [
            pid for w in self.workers if w.alive() for pid in w.pool_pids() if pid_alive(pid)
        ]
        if not children:
            return False
        return _sigkill(rng.choice(children))

    def _kill_worker(self, rng: random.Random) -> bool:
        alive = [w for w in self.workers if w.alive()]
        return bool(alive) and _sigkill(rng.choice(alive).pid)

    def _kill_beat(self, rng: random.Random) -> bool:
        return self.beat.alive() and _sigkill(self.beat.pid)

    def _pg_terminate(self, rng: random.Random) -> bool:
        self.backends_terminated += services.terminate_backends(self.database_url)
        return True

    def _redis_restart(self, rng: random.Random) -> bool:
        assert self.redis is not None
        self.redis.crash_and_restart()
        return True

    def _pg_restart(self, rng: random.Random) -> bool:
        services.restart_postgres_cluster()
        return True


def _sigkill(pid: int) -> bool:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
        return True
    return False
