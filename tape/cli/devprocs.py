"""The worker and beat ``tape dev`` runs: real ``celery -A tape worker|beat`` subprocesses.

Each child runs in its own process group (so a Ctrl-C in the terminal reaches ``tape dev``
only, and stopping a child stops its pool processes too) and logs to ``.tape/logs/``.
:meth:`DevProcesses.stop` sends SIGTERM to each child (a worker's warm shutdown stops its pool),
then SIGKILL to what is left of its group.

Supervision: a Celery worker whose pool process is killed while it is still starting exits for
good ("Could not start worker processes"), and a killed worker or beat does not come back by
itself. :meth:`DevProcesses.supervise`, called by ``tape dev`` about once a second, restarts a
child that died (what is left of its process group is killed first), after a delay that doubles
with each restart inside :attr:`RestartPolicy.window_s`, and gives up on a restart storm (more
than :attr:`RestartPolicy.max_restarts` in that window). Each step is reported as one line.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tape import files

_READY = {"worker": re.compile(r"\bready\."), "beat": re.compile(r"beat: Starting")}
#: What a prefork worker logs when a pool process was killed, e.g.
#: ``Process 'ForkPoolWorker-1' pid:4242 exited with 'signal 9 (SIGKILL)'``.
KILLED_CHILD = re.compile(r"pid:(\d+) exited with 'signal 9 \(SIGKILL\)'")


@dataclass(frozen=True)
class RestartPolicy:
    """How a dead child is restarted: after ``first_delay_s``, doubled for every restart in the
    last ``window_s`` (capped at ``max_delay_s``); a child that already needed ``max_restarts``
    restarts in that window is a restart storm and is not restarted again."""

    first_delay_s: float = 1.0
    max_delay_s: float = 30.0
    window_s: float = 60.0
    max_restarts: int = 5

    def delay(self, restarted_at: list[float], now: float) -> float | None:
        """Seconds to wait before the next restart, ``None`` for a restart storm."""
        recent = sum(1 for at in restarted_at if now - at < self.window_s)
        if recent >= self.max_restarts:
            return None
        return float(min(self.max_delay_s, self.first_delay_s * 2**recent))


@dataclass
class Child:
    """One celery process."""

    role: str
    args: list[str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)
    #: monotonic times of restarts; when the pending restart is due.
    restarted_at: list[float] = field(default_factory=list)
    restart_due: float | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc is not None else 0

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class DevProcesses:
    """Start, watch and stop the dev worker and beat."""

    def __init__(
        self,
        workdir: Path,
        env: Mapping[str, str],
        *,
        concurrency: int = 2,
        policy: RestartPolicy | None = None,
        report: Callable[[str], None] = lambda line: None,
    ) -> None:
        self.workdir = workdir
        self.env = dict(env)
        self.policy = policy or RestartPolicy()
        self.report = report
        logs = workdir / ".tape" / "logs"
        base = [sys.executable, "-m", "celery", "-A", "tape"]
        self.worker = Child(
            "worker",
            [
                *base,
                "worker",
                "--loglevel=INFO",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--hostname=tape-dev@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            logs / "worker.log",
        )
        self.beat = Child(
            "beat",
            [
                *base,
                "beat",
                "--loglevel=INFO",
                f"--schedule={workdir / '.tape' / 'celerybeat-schedule'}",
            ],
            logs / "beat.log",
        )

    @property
    def children(self) -> list[Child]:
        return [self.worker, self.beat]

    def start(self, timeout: float = 60.0) -> None:
        """Start both and wait until they are ready.

        Raises:
            RuntimeError: a child exited or did not get ready in time (with its log's tail).
        """
        for child in self.children:
            files.private_dirs(child.log_path.parent)
            child.log_path.write_bytes(b"")
            child._log = open(child.log_path, "ab")  # noqa: SIM115 - closed in stop()
            self._spawn(child)
        deadline = time.monotonic() + timeout
        for child in self.children:
            while not _READY[child.role].search(child.log()):
                if not child.alive():
                    raise RuntimeError(f"the {child.role} exited:\n{tail(child.log())}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the {child.role} did not start:\n{tail(child.log())}")
                time.sleep(0.2)

    def _spawn(self, child: Child) -> None:
        child.proc = subprocess.Popen(
            child.args,
            cwd=self.workdir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=child._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def dead(self) -> list[Child]:
        """Children that exited."""
        return [c for c in self.children if c.proc is not None and not c.alive()]

    def supervise(self, now: float | None = None) -> bool:
        """Restart children that died, as :class:`RestartPolicy` says; ``False`` once a child
        is in a restart storm (``tape dev`` then stops)."""
        now = time.monotonic() if now is None else now
        for child in self.dead():
            assert child.proc is not None
            if child.restart_due is None:
                # Pool processes of a killed worker may outlive it: they are the dead worker's.
                _signal_group(child.pid, signal.SIGKILL)
                delay = self.policy.delay(child.restarted_at, now)
                how = _exit_reason(child.proc.returncode)
                if delay is None:
                    self.report(
                        f"✗ the {child.role} (pid {child.pid}) {how}, restarted "
                        f"{self.policy.max_restarts} times in {self.policy.window_s:.0f}s: "
                        f"giving up\n{tail(child.log())}"
                    )
                    return False
                child.restart_due = now + delay
                self.report(
                    f"✗ the {child.role} (pid {child.pid}) {how}; restarting it in {delay:.0f}s"
                )
            if now >= child.restart_due:
                old = child.pid
                self._spawn(child)
                child.restarted_at.append(now)
                child.restart_due = None
                self.report(
                    f"↻ restarted the {child.role} (pid {old} -> {child.pid}, "
                    f"restart {len(child.restarted_at)})"
                )
        return True

    def killed_pool_pids(self) -> list[int]:
        """Pool processes the worker reported killed by SIGKILL, from its log."""
        return [int(pid) for pid in KILLED_CHILD.findall(self.worker.log())]

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM each child's main process, SIGKILL its whole group once it has exited or
        after ``grace`` seconds."""
        running = [c for c in self.children if c.alive()]
        for child in running:
            # The main process only: a Celery worker's warm shutdown stops its own pool
            # processes. SIGTERM to the whole group killed the pool under it, and the worker
            # then waited for them until the grace ran out (an 11 s Ctrl-C).
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for child in running:
            assert child.proc is not None
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        for child in self.children:
            if child.proc is None:
                continue
            # The group may still hold pool processes even when the main process is gone.
            _signal_group(child.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.proc.wait(timeout=5)
            if child._log is not None:
                child._log.close()
                child._log = None


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _exit_reason(returncode: int) -> str:
    if returncode < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-returncode).name}"
        return f"was killed by signal {-returncode}"
    return f"exited with code {returncode}"


def tail(text: str, lines: int = 30) -> str:
    """The last ``lines`` lines of ``text``."""
    return "\n".join(text.rstrip().splitlines()[-lines:])
