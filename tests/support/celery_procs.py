"""Real ``celery -A tape worker`` / ``celery -A tape beat`` processes for acceptance tests.

Each process is started with ``start_new_session=True`` (its own process group, so its pool
children are signalled with it), ``cwd`` = the repository root and ``PYTHONPATH`` including it
(so ``TAPE_IMPORTS=tests.support...`` imports). Output goes to a log file under the test's
``tmp_path``; the logs are printed when the block exits with an exception. On exit every process
group gets SIGTERM, then SIGKILL after a grace period.

Usage::

    with celery_workers(tmp_path, env, count=2, concurrency=2) as workers:
        workers[0].pool_pids()
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CELERY = str(VENV_BIN / "celery") if (VENV_BIN / "celery").exists() else "celery"

#: Printed to the worker log once it consumes; beat's equivalent.
_WORKER_READY = re.compile(r"\bready\.")
_BEAT_READY = re.compile(r"beat: Starting")


def process_env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment for a tape process: this one minus ``TAPE_*``, plus ``env``, with the
    repository root on ``PYTHONPATH``."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TAPE_") or k == "TAPE_BROKER_KEYPREFIX"
    }
    base.update(env)
    paths = [str(REPO_ROOT), *filter(None, base.get("PYTHONPATH", "").split(os.pathsep))]
    base["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    base.setdefault("PYTHONUNBUFFERED", "1")
    # The tests count passes by Celery's per-task lines, which tape otherwise keeps below INFO.
    base.setdefault("TAPE_PASS_EVENTS", "1")
    return base


def run_client(env: Mapping[str, str], *argv: str, timeout: float = 60) -> list[str]:
    """Run ``argv`` (a client: a ``python -c`` script, a ``tape`` command) from the repository
    with only ``env``, as a separate process would; its stdout lines (it must exit 0)."""
    done = subprocess.run(
        list(argv),
        cwd=REPO_ROOT,
        env=process_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def child_pids(pid: int) -> list[int]:
    """Direct children of ``pid`` (a prefork worker's pool processes), from ``/proc``."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return []
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        found.extend(int(p) for p in text.split())
    if not found:  # kernels without CONFIG_PROC_CHILDREN
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
        found = [int(p) for p in out.stdout.split()]
    return sorted(set(found))


def pid_alive(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@dataclass
class CeleryProc:
    """One celery process (worker or beat) running in its own process group."""

    role: str  # "worker" or "beat"
    name: str  # node name for workers (``w1@host``), "beat" for beat
    args: list[str]
    log_path: Path
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None
    _log_file: object = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> CeleryProc:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self._log_file = log
        self.proc = subprocess.Popen(
            self.args,
            cwd=REPO_ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout: float = 60.0) -> None:
        pattern = _WORKER_READY if self.role == "worker" else _BEAT_READY
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pattern.search(self.log()):
                return
            if not self.alive():
                code = self.proc.returncode if self.proc else None
                raise RuntimeError(
                    f"celery {self.role} {self.name} exited with {code} before it was ready:\n"
                    f"{self.log()}"
                )
            time.sleep(0.1)
        raise TimeoutError(f"celery {self.role} {self.name} not ready in {timeout}s:\n{self.log()}")

    def pool_pids(self) -> list[int]:
        """PIDs of this worker's pool (prefork) children."""
        return child_pids(self.pid)

    def wait_pool(self, size: int, timeout: float = 30.0) -> list[int]:
        """Wait until the pool has ``size`` live children; return their PIDs."""
        deadline = time.monotonic() + timeout
        pids: list[int] = []
        while time.monotonic() < deadline:
            pids = [p for p in self.pool_pids() if pid_alive(p)]
            if len(pids) == size:
                return pids
            time.sleep(0.05)
        raise TimeoutError(f"{self.name}: pool has {pids}, wanted {size} children")

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM the process group, then SIGKILL it after ``grace`` seconds."""
        if self.proc is not None:
            if self.proc.poll() is None:
                _killpg(self.pid, signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=grace)
            _killpg(self.pid, signal.SIGKILL)  # pool children left behind, if any
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        if self._log_file is not None:
            self._log_file.close()  # type: ignore[attr-defined]
            self._log_file = None

    def count(self, pattern: str) -> int:
        """How many times the regex ``pattern`` occurs in the log."""
        return len(re.findall(pattern, self.log()))


def _killpg(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def worker(
    tmp_path: Path,
    env: Mapping[str, str],
    *,
    name: str = "w1",
    concurrency: int = 2,
    extra_args: Sequence[str] = (),
) -> CeleryProc:
    """An unstarted worker ``<name>@<host>`` (``--pool=prefork``), logging to tmp_path."""
    args = [
        CELERY,
        "-A",
        "tape",
        "worker",
        "--loglevel=INFO",
        f"--concurrency={concurrency}",
        "--pool=prefork",
        "-n",
        f"{name}@%h",
        "--without-gossip",
        "--without-mingle",
        *extra_args,
    ]
    return CeleryProc(
        "worker",
        f"{name}@{socket.gethostname()}",
        args,
        tmp_path / f"celery-{name}.log",
        process_env(env),
    )


def beat(tmp_path: Path, env: Mapping[str, str], *, extra_args: Sequence[str] = ()) -> CeleryProc:
    """An unstarted ``celery -A tape beat`` with its schedule file in tmp_path."""
    args = [
        CELERY,
        "-A",
        "tape",
        "beat",
        "--loglevel=INFO",
        "--schedule",
        str(tmp_path / "celerybeat-schedule"),
        "--pidfile=",
        *extra_args,
    ]
    return CeleryProc("beat", "beat", args, tmp_path / "celery-beat.log", process_env(env))


def dump_logs(procs: Sequence[CeleryProc], *, tail: int = 200) -> None:
    for proc in procs:
        lines = proc.log().splitlines()
        print(f"\n===== {proc.role} {proc.name} ({proc.log_path}), last {tail} lines =====")
        print("\n".join(lines[-tail:]))


@contextlib.contextmanager
def running(procs: Sequence[CeleryProc], *, ready_timeout: float = 60.0) -> Iterator[None]:
    """Start ``procs``, wait until each is ready, stop them all on exit (logs on failure)."""
    started: list[CeleryProc] = []
    failed = True
    try:
        for proc in procs:
            started.append(proc.start())
        for proc in procs:
            proc.wait_ready(ready_timeout)
        yield
        failed = False
    finally:
        if failed:
            dump_logs(started)
        for proc in started:
            proc.stop()


@contextlib.contextmanager
def celery_workers(
    tmp_path: Path,
    env: Mapping[str, str],
    *,
    count: int = 1,
    concurrency: int = 2,
    extra_args: Sequence[str] = (),
) -> Iterator[list[CeleryProc]]:
    """``count`` real prefork workers ``w1@host``, ``w2@host``... started and ready."""
    procs = [
        worker(tmp_path, env, name=f"w{i + 1}", concurrency=concurrency, extra_args=extra_args)
        for i in range(count)
    ]
    with running(procs):
        yield procs


@contextlib.contextmanager
def celery_beat(tmp_path: Path, env: Mapping[str, str]) -> Iterator[CeleryProc]:
    """A real ``celery -A tape beat``, started and ticking."""
    proc = beat(tmp_path, env)
    with running([proc]):
        yield proc
