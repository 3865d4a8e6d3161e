"""Dispatch hints: a nudge that an outbox effect is ready, so dispatch starts in milliseconds.

A hint is only a hint. The journal row is the truth and the beat-ticked outbox pass is the
safety net; a lost hint delays dispatch by one pass interval, and a duplicated or redelivered
hint finds the effect already claimed and does nothing. The Celery app installs the publisher;
without one, publishing is a no-op.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

Publisher = Callable[[str, str], None]
DrainPublisher = Callable[[int], None]
_publisher: Publisher | None = None
_drain_publisher: DrainPublisher | None = None


def set_publisher(publisher: Publisher | None, drain: DrainPublisher | None = None) -> None:
    """Install the functions that publish a hint for one effect, and a "drain" hint (run
    this many outbox passes now) for a bulk enqueue."""
    global _publisher, _drain_publisher
    _publisher = publisher
    _drain_publisher = drain


def installed() -> bool:
    """Whether a publisher is installed."""
    return _publisher is not None


def publish_drain(passes: int = 1) -> bool:
    """Ask for ``passes`` outbox passes now (after a bulk enqueue); never raises."""
    if _drain_publisher is None:
        return False
    try:
        _drain_publisher(passes)
        return True
    except Exception as exc:
        logger.warning("drain hint not published: %s", type(exc).__name__)
        return False


def publish(run_id: str, idempotency_key: str) -> bool:
    """Publish a hint; never raises (the outbox pass will get there anyway)."""
    if _publisher is None:
        return False
    try:
        _publisher(run_id, idempotency_key)
        return True
    except Exception as exc:
        logger.warning(
            "dispatch hint not published (the outbox pass will dispatch it): %s",
            type(exc).__name__,
            extra={"action": "hint-failed", "run_id": run_id, "effect_key": idempotency_key},
        )
        return False
