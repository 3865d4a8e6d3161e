"""A real ``tape server`` for tests: in this process (on a free port) or as a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tape import Journal
from tape.rpc.server import RunningServer, serve
from tape.store.engine import Clock
from tests.support.waiting import wait_until


@dataclass
class InProcessServer:
    """A server over a journal of this process; ``url`` is its ``tape://`` address."""

    journal: Journal
    running: RunningServer
    scheme: str = "tape"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.running.port}"

    def stop(self) -> None:
        self.running.stop(grace_s=1.0)
        self.journal.close()


def start_in_process(
    database_url: str,
    *,
    clock: Clock | None = None,
    token: str = "",
    tls: tuple[bytes, bytes] | None = None,
) -> InProcessServer:
    """Serve ``database_url`` on 127.0.0.1 (a free port); ``tls`` is (cert PEM, key PEM)."""
    journal = Journal(database_url, clock=clock)
    running = serve(
        journal,
        "127.0.0.1:0",
        token=token,
        tls_cert=tls[0] if tls else None,
        tls_key=tls[1] if tls else None,
    )
    return InProcessServer(journal, running, "tapes" if tls else "tape")


@dataclass
class ServerProcess:
    """``tape server`` run as a subprocess (what users run)."""

    process: subprocess.Popen[str]
    url: str
    log: Path
    _handle: IO[str] | None = field(default=None, repr=False)

    def stop(self) -> int:
        """SIGTERM, and the exit code (0: it shut down gracefully)."""
        self.process.terminate()
        code = self.process.wait(timeout=30)
        if self._handle is not None:
            self._handle.close()
        return code


def start_process(
    database_url: str,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    listen: str = "127.0.0.1:0",
) -> ServerProcess:
    """``tape server --listen LISTEN``; waits until it prints its address. ``url`` is
    on 127.0.0.1 whatever ``listen`` names (``0.0.0.0`` is reached there too)."""
    handle = log.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tape",
            "server",
            "--listen",
            listen,
            "--database-url",
            database_url,
        ],
        stdout=handle,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    pattern = re.compile(r"listening on (tapes?)://\S+:(\d+) ")

    def address() -> str | None:
        if process.poll() is not None:
            raise AssertionError(f"tape server exited {process.returncode}: {log.read_text()}")
        found = pattern.search(log.read_text())
        return f"{found.group(1)}://127.0.0.1:{found.group(2)}" if found else None

    url = wait_until(address, timeout=30, interval=0.05, message="tape server to listen")
    return ServerProcess(process, url, log, handle)
