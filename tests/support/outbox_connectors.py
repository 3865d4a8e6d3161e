"""Test connectors for the outbox acceptance tests (no side effects at import).

- :class:`CrashAfterCommit`: dispatches through an inner connector, then, while the marker file
  does not exist yet, creates it (atomically, ``O_EXCL``; it holds this process's PID) and
  SIGKILLs its own process before returning: a worker child that dies after the upstream
  committed. Later calls return normally.
- :class:`AlwaysFails`: never calls anything; answers ``failed`` (retryable).
- :class:`Rendezvous`: dispatches through an inner connector, but each process's first call
  waits until ``parties`` processes have made theirs (files in a folder): passes that provably
  ran at the same time.

:mod:`tests.support.worker_connectors` registers them in worker processes.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from tape import connectors
from tape.connectors.http import HTTPConnector


class CrashAfterCommit:
    """Dispatch through ``inner``, then die once (see the module docstring)."""

    def __init__(self, inner: HTTPConnector, marker: str, name: str = "bank.crash") -> None:
        self.inner = inner
        self.marker = marker
        self.name = name

    def dispatch(self, effect: Any) -> connectors.DispatchResult:
        result = self.inner.dispatch(effect)
        if self.marker:
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                return result
            os.write(fd, f"{os.getpid()}\n".encode())
            os.fsync(fd)
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    @property
    def can_observe(self) -> bool:
        return connectors.can_observe(self.inner)

    def observe(self, effect: Any) -> connectors.ObservationResult:
        return self.inner.observe(effect)

    def compensate(self, obligation: Any) -> connectors.CompensationResult:
        return self.inner.compensate(obligation)


class AlwaysFails:
    """A connector whose upstream always says no, retryably."""

    def __init__(self, name: str = "always.fails") -> None:
        self.name = name
        self.calls = 0

    def dispatch(self, effect: Any) -> connectors.DispatchResult:
        self.calls += 1
        return connectors.DispatchResult(
            "failed", error={"type": "Rejected", "message": "try later", "retryable": True}
        )

    #: It never asks its upstream anything: it must not claim that a call never landed.
    can_observe = False

    def observe(self, effect: Any) -> connectors.ObservationResult:
        return connectors.ObservationResult("unobservable")

    def compensate(self, obligation: Any) -> connectors.CompensationResult:
        return connectors.CompensationResult("compensated")


class Rendezvous:
    """Dispatch through ``inner`` once ``parties`` processes are dispatching (module docstring).

    Each process writes ``<folder>/<pid>`` on its first call, then waits (up to 30 s)
    until the folder holds ``parties`` files; later calls in that process go straight through.
    """

    def __init__(
        self, inner: HTTPConnector, folder: str, parties: int = 2, name: str = "bank.rendezvous"
    ) -> None:
        self.inner = inner
        self.folder = Path(folder)
        self.parties = parties
        self.name = name
        self._met_in: int = 0  # the pid that saw the rendezvous complete

    def dispatch(self, effect: Any) -> connectors.DispatchResult:
        if self._met_in != os.getpid():
            (self.folder / str(os.getpid())).touch()
            # Well inside the dispatch claim's lease (60 s by default): the held claims must
            # not expire while waiting.
            deadline = time.monotonic() + 30
            while len(list(self.folder.iterdir())) < self.parties:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no {self.parties} dispatching processes in 30 s")
                time.sleep(0.05)
            self._met_in = os.getpid()
        return self.inner.dispatch(effect)

    def observe(self, effect: Any) -> connectors.ObservationResult:
        return self.inner.observe(effect)

    def compensate(self, obligation: Any) -> connectors.CompensationResult:
        return self.inner.compensate(obligation)


def bank_connector(
    base_url: str,
    name: str = "bank.wire",
    timeout_s: float = 5.0,
    headers: dict[str, str] | None = None,
) -> HTTPConnector:
    return HTTPConnector(
        name=name,
        endpoint=f"{base_url}/wires",
        observe_endpoint=f"{base_url}/wires/lookup",
        compensate_endpoint=f"{base_url}/wires/reverse",
        timeout_s=timeout_s,
        headers=headers or {},
    )
