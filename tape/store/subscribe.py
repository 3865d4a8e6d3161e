"""Live reading of the journal: a wake-up on commit, and :func:`follow` (``Journal.subscribe``).

:class:`Waker` waits for the next journal commit. On Postgres it ``LISTEN``\\ s on
``tape_journal_v1`` (a statement trigger on ``tape_journal`` notifies after every insert) on a
connection of its own; if that connection breaks it falls back to polling and reconnects with
a backoff from 250 ms doubling to 30 s (as upstream Tape's listener). On SQLite it sleeps for
the poll interval. A wake-up is only a hint: readers always re-read after their position, and
they read only below the horizon (:func:`tape.store.entries.after`), so a row that commits late
still comes after every row a reader has seen.
"""

from __future__ import annotations

import contextlib
import logging
import select
import time
from collections.abc import Iterator
from typing import Any

from tape import subjects
from tape.events import predicates
from tape.models.reaction import JOURNAL_CHANNEL
from tape.records import JournalEntry
from tape.store import entries
from tape.store.engine import Database

logger = logging.getLogger(__name__)

PAGE = 512
_BACKOFF_START_S = 0.25
_BACKOFF_MAX_S = 30.0


class Waker:
    """Waits until a journal row may have committed (or a timeout passes)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._raw: Any = None
        self._backoff = _BACKOFF_START_S
        self._retry_at = 0.0
        if db.is_postgres:
            self._connect()

    @property
    def pushes(self) -> bool:
        """Whether commits wake this waker (Postgres, connected) rather than a timer."""
        return self._raw is not None

    def _connect(self) -> None:
        try:
            raw = self._db.engine.raw_connection()
            driver: Any = raw.dbapi_connection
            driver.autocommit = True
            cur = driver.cursor()
            cur.execute(f"LISTEN {JOURNAL_CHANNEL}")
            cur.close()
            # The connection keeps a LISTEN: it must never go back to the pool.
            raw.detach()
            self._raw = raw
            self._backoff = _BACKOFF_START_S
        except Exception as exc:
            self._raw = None
            self._retry_at = time.monotonic() + self._backoff
            logger.warning(
                "journal LISTEN failed (%s); polling, retry in %.2fs",
                type(exc).__name__,
                self._backoff,
            )
            self._backoff = min(self._backoff * 2, _BACKOFF_MAX_S)

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds; True if a commit notification arrived."""
        if self._raw is None:
            if self._db.is_postgres and time.monotonic() >= self._retry_at:
                self._connect()
            if self._raw is None:
                time.sleep(timeout)
                return False
        try:
            return self._wait_notify(timeout)
        except Exception as exc:
            logger.warning("journal LISTEN connection lost (%s); reconnecting", type(exc).__name__)
            self.close()
            self._retry_at = time.monotonic() + self._backoff
            return False

    def _wait_notify(self, timeout: float) -> bool:
        driver = self._raw.dbapi_connection
        if hasattr(driver, "poll"):  # psycopg2
            if not driver.notifies:
                ready, _, _ = select.select([driver], [], [], timeout)
                if ready:
                    driver.poll()
            got = bool(driver.notifies)
            driver.notifies.clear()
            return got
        # psycopg 3
        got = False
        for _ in driver.notifies(timeout=timeout, stop_after=1):
            got = True
        return got

    def close(self) -> None:
        if self._raw is not None:
            with contextlib.suppress(Exception):
                self._raw.close()
        self._raw = None


def follow(
    db: Database,
    *,
    subject_pattern: str = "",
    predicate: str = "",
    from_global_seq: int = 0,
    kind: str = "",
    run_id: str = "",
    poll_interval_s: float = 0.25,
    idle_timeout_s: float | None = None,
) -> Iterator[JournalEntry]:
    """Yield matching journal rows after ``from_global_seq`` as they commit, each once."""
    waker = Waker(db)
    position: entries.Position | None = None
    idle_since = time.monotonic()
    try:
        while True:
            rows = entries.read(
                db, after_global_seq=from_global_seq, after_position=position, limit=PAGE
            )
            for entry in rows:
                position = entry.position
                if kind and entry.kind != kind:
                    continue
                if run_id and entry.run_id != run_id:
                    continue
                if subject_pattern and not subjects.match(subject_pattern, entry.subject):
                    continue
                if predicate and not predicates.holds(predicate, entry):
                    continue
                yield entry
            if rows:
                idle_since = time.monotonic()
                if len(rows) == PAGE:
                    continue
            if idle_timeout_s is not None and time.monotonic() - idle_since >= idle_timeout_s:
                return
            timeout = 1.0 if waker.pushes else poll_interval_s
            if idle_timeout_s is not None:
                left = idle_timeout_s - (time.monotonic() - idle_since)
                timeout = max(0.0, min(timeout, left))
            waker.wait(timeout)
    finally:
        waker.close()
