"""Worker entry point: the tape Celery app, configured from ``TAPE_*`` variables.

Deploy with ``celery -A worker.app worker --loglevel=INFO`` (any number, on any machines),
one ``celery -A worker.app beat`` (a second is harmless), and ``celery -A worker.app flower``.
"""

from __future__ import annotations

from tape.celery_app import app

__all__ = ["app"]
