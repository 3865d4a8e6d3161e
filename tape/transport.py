"""The seam between the SDK and the message broker: :class:`Transport`.

``agent.delay()``, recovery's re-drive and dispatch hints send through the transport this
module holds; nothing in the SDK names Celery. The Celery composition root
(:mod:`tape.celery_app`) installs one over the worker's app; a process that installed none
gets a Celery producer configured from :func:`tape.runtime.settings` on first send. Tests
install an :class:`InMemoryTransport` and read what was sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from tape import runtime


class Transport(Protocol):
    """What the SDK sends, and the agent tasks it declares."""

    def send_run(
        self, agent_name: str, run_id: str, lease_epoch: int | None, takeover_from: str
    ) -> None:
        """Ask a worker to drive run ``run_id`` of agent ``agent_name`` (taking the lease over
        from ``takeover_from`` at ``lease_epoch`` when recovery re-drives it)."""

    def publish_hint(self, run_id: str, idempotency_key: str) -> None:
        """Ask a worker to dispatch one outbox effect now."""

    def publish_drain(self, passes: int) -> None:
        """Ask for ``passes`` outbox passes now (after a bulk enqueue)."""

    def send_reaction_work(self, reaction_id: str) -> None:
        """Ask a worker to run due tasks of one reaction."""

    def register_agent(self, agent_name: str, drive: Callable[..., str]) -> None:
        """Make ``drive(run_id, lease_epoch, takeover_from)`` the worker side of
        :meth:`send_run` for ``agent_name``."""


_lock = threading.Lock()
_installed: Transport | None = None
_default: Transport | None = None


def install(transport: Transport | None) -> Transport | None:
    """Make ``transport`` the one the SDK sends through; returns the one it replaces."""
    global _installed
    with _lock:
        previous, _installed = _installed, transport
    return previous


def installed() -> Transport | None:
    """The installed transport, or None (then :func:`current` makes the default)."""
    return _installed


def current() -> Transport:
    """The installed transport, else the default: a Celery producer, made on first use."""
    global _default
    chosen = _installed
    if chosen is not None:
        return chosen
    with _lock:
        if _default is None:
            # Here, not at the top: importing an agent module loads no Celery until a send.
            from tape import broker

            _default = broker.producer(runtime.settings())
        return _default


@dataclass
class InMemoryTransport:
    """A transport that keeps what it is given (tests): ``install(InMemoryTransport())``."""

    runs: list[tuple[str, str, int | None, str]] = field(default_factory=list)
    hints: list[tuple[str, str]] = field(default_factory=list)
    drains: list[int] = field(default_factory=list)
    work: list[str] = field(default_factory=list)
    agents: dict[str, Callable[..., str]] = field(default_factory=dict)

    def send_run(
        self, agent_name: str, run_id: str, lease_epoch: int | None, takeover_from: str
    ) -> None:
        self.runs.append((agent_name, run_id, lease_epoch, takeover_from))

    def publish_hint(self, run_id: str, idempotency_key: str) -> None:
        self.hints.append((run_id, idempotency_key))

    def publish_drain(self, passes: int) -> None:
        self.drains.append(passes)

    def send_reaction_work(self, reaction_id: str) -> None:
        self.work.append(reaction_id)

    def register_agent(self, agent_name: str, drive: Callable[..., str]) -> None:
        self.agents[agent_name] = drive

    def drive_all(self) -> list[str]:
        """Drive every run sent so far with its registered agent, in order; the results."""
        done = []
        while self.runs:
            agent_name, run_id, epoch, owner = self.runs.pop(0)
            done.append(self.agents[agent_name](run_id, epoch, owner))
        return done
