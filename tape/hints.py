"""Dispatch hints: a nudge that an outbox effect is ready, so dispatch starts in milliseconds;
and a nudge that a parked run was released, so it is re-driven at once, not at the next
recovery pass.

A hint is only a hint. The journal row is the truth and the beat-ticked outbox pass is the
safety net; a lost hint delays dispatch by one pass interval, and a duplicated or redelivered
hint finds the effect already claimed and does nothing. The Celery app installs the publisher;
without one, publishing is a no-op.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Publisher = Callable[[str, str], None]
DrainPublisher = Callable[[int], None]
#: Called with (agent app name, run id) for a run that is RUNNABLE again: send its agent task.
RunPublisher = Callable[[str, str], None]
_publisher: Publisher | None = None
_drain_publisher: DrainPublisher | None = None
_run_publisher: RunPublisher | None = None


def set_publisher(
    publisher: Publisher | None,
    drain: DrainPublisher | None = None,
    run: RunPublisher | None = None,
) -> None:
    """Install the functions that publish a hint for one effect, a "drain" hint (run this
    many outbox passes now) for a bulk enqueue, and a "drive this run" hint for a run that a
    settled effect released."""
    global _publisher, _drain_publisher, _run_publisher
    _publisher = publisher
    _drain_publisher = drain
    _run_publisher = run


def runs_installed() -> bool:
    """Whether a "drive this run" publisher is installed."""
    return _run_publisher is not None


def publish_run(app_name: str, run_id: str) -> bool:
    """Ask for the released run's agent task now; never raises (recovery re-drives it
    anyway, and a duplicate task finds the lease taken and is dropped)."""
    return _send(
        _run_publisher,
        (app_name, run_id),
        "run hint not published (recovery will re-drive the run): %s",
        {"action": "hint-failed", "run_id": run_id},
    )


def installed() -> bool:
    """Whether a publisher is installed."""
    return _publisher is not None


def publish_drain(passes: int = 1) -> bool:
    """Ask for ``passes`` outbox passes now (after a bulk enqueue); never raises."""
    return _send(_drain_publisher, (passes,), "drain hint not published: %s", {})


def publish(run_id: str, idempotency_key: str) -> bool:
    """Publish a hint; never raises (the outbox pass will get there anyway)."""
    return _send(
        _publisher,
        (run_id, idempotency_key),
        "dispatch hint not published (the outbox pass will dispatch it): %s",
        {"action": "hint-failed", "run_id": run_id, "effect_key": idempotency_key},
    )


def _send(
    publisher: Callable[..., None] | None, args: tuple[Any, ...], failed: str, extra: dict[str, str]
) -> bool:
    """Call ``publisher`` with ``args``; a failure is logged (``failed`` % the error's class)."""
    if publisher is None:
        return False
    try:
        publisher(*args)
        return True
    except Exception as exc:
        logger.warning(failed, type(exc).__name__, extra=extra)
        return False
