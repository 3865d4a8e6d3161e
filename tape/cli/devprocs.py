"""The worker and beat ``tape dev`` runs: real ``celery -A tape worker|beat`` subprocesses.

Each child runs in its own process group (so a Ctrl-C in the terminal reaches ``tape dev``
only, and stopping a child stops its pool processes too) and logs to ``.tape/logs/``.
:meth:`DevProcesses.stop` sends SIGTERM to each group, then SIGKILL after a grace period.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

_READY = {"worker": re.compile(r"\bready\."), "beat": re.compile(r"beat: Starting")}
#: What a prefork worker logs when a pool process was killed, e.g.
#: ``Process 'ForkPoolWorker-1' pid:4242 exited with 'signal 9 (SIGKILL)'``.
KILLED_CHILD = re.compile(r"pid:(\d+) exited with 'signal 9 \(SIGKILL\)'")


@dataclass
class Child:
    """One celery process."""

    role: str
    args: list[str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

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

    def __init__(self, workdir: Path, env: Mapping[str, str], *, concurrency: int = 2) -> None:
        self.workdir = workdir
        self.env = dict(env)
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
            child.log_path.parent.mkdir(parents=True, exist_ok=True)
            child.log_path.write_bytes(b"")
            child._log = open(child.log_path, "ab")  # noqa: SIM115 - closed in stop()
            child.proc = subprocess.Popen(
                child.args,
                cwd=self.workdir,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=child._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        for child in self.children:
            while not _READY[child.role].search(child.log()):
                if not child.alive():
                    raise RuntimeError(f"the {child.role} exited:\n{tail(child.log())}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the {child.role} did not start:\n{tail(child.log())}")
                time.sleep(0.2)

    def dead(self) -> list[Child]:
        """Children that exited."""
        return [c for c in self.children if c.proc is not None and not c.alive()]

    def killed_pool_pids(self) -> list[int]:
        """Pool processes the worker reported killed by SIGKILL, from its log."""
        return [int(pid) for pid in KILLED_CHILD.findall(self.worker.log())]

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM each process group, SIGKILL what is left after ``grace`` seconds."""
        running = [c for c in self.children if c.alive()]
        for child in running:
            _signal_group(child.pid, signal.SIGTERM)
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


def tail(text: str, lines: int = 30) -> str:
    """The last ``lines`` lines of ``text``."""
    return "\n".join(text.rstrip().splitlines()[-lines:])
