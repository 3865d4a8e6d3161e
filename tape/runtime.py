"""This process's settings and journal, made once and shared (worker processes, CLIs)."""

from __future__ import annotations

import threading

from tape import connection
from tape.config import Settings
from tape.journal import Journal

_lock = threading.Lock()
_settings: Settings | None = None
_journal: Journal | None = None


def settings() -> Settings:
    """The settings read from the environment on first use."""
    global _settings
    with _lock:
        if _settings is None:
            _settings = Settings.from_env()
        return _settings


def journal() -> Journal:
    """The journal of :func:`settings`'s database (one connection pool per process)."""
    global _journal
    current = settings()
    with _lock:
        if _journal is None:
            _journal = connection.connect(current.database_url)
        return _journal


def configure(new: Settings) -> None:
    """Replace the settings (and drop the journal built from the old ones)."""
    global _settings, _journal
    with _lock:
        _settings = new
        if _journal is not None:
            _journal.close()
        _journal = None
