"""The soak's own services: a redis-server it may restart, and faults on its own database."""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis
from _support import admin
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tape.store.engine import parse_url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_NO_PERSISTENCE = ("--save", "", "--appendonly", "no", "--daemonize", "no")


class RedisServer:
    """A ``redis-server`` of the soak's own on ``port`` (no persistence, like the shared one),
    so restarting it disturbs nobody else."""

    def __init__(self, port: int, log_path: Path) -> None:
        self.port = port
        self.log_path = log_path
        self.url = f"redis://127.0.0.1:{port}/0"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed; pass --redis-url to use another")
        log = self.log_path.open("ab")
        self._proc = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), *_NO_PERSISTENCE],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.ping()
                return
            except redis.RedisError as exc:
                if time.monotonic() > deadline or self._proc.poll() is not None:
                    raise SystemExit(
                        f"redis-server on {self.port} did not start: {self.log_path}"
                    ) from exc
                time.sleep(0.05)
            finally:
                client.close()

    def crash_and_restart(self) -> None:
        """SIGKILL it (everything in it is lost, as with no persistence) and start it again."""
        self.stop(signal.SIGKILL)
        self.start()

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def terminate_backends(database_url: str) -> int:
    """``pg_terminate_backend`` every session on the soak's own database (never another), on
    whichever cluster holds it (the shared one, or FAILOVER's primary: a multi-host URL)."""
    engine = create_engine(
        parse_url(database_url), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                        "FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


def restart_postgres_cluster(timeout: float = 120.0) -> None:
    """Restart the local Debian Postgres cluster(s) (``SOAK_RESTART_POSTGRES=1`` only)."""
    for version in sorted(p.name for p in Path("/etc/postgresql").iterdir()):
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                "--mode=fast",
                version,
                "main",
                "restart",
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    deadline = time.monotonic() + timeout
    while True:
        try:
            admin("SELECT 1")
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
