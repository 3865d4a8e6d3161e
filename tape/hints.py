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
_publisher: Publisher | None = None


def set_publisher(publisher: Publisher | None) -> None:
    """Install the function that publishes a hint for ``(run_id, idempotency_key)``."""
    global _publisher
    _publisher = publisher


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
