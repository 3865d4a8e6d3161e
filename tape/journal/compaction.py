"""Compaction: list the runs whose payloads may go, and zero them."""

from __future__ import annotations

from tape import validate
from tape.journal.base import JournalBase
from tape.records import RunState
from tape.store import compaction as store


class CompactionMixin(JournalBase):
    """``ListCompactableRuns``, ``CompactRun``."""

    def list_compactable_runs(self, *, before_ms: int, limit: int = 100) -> list[RunState]:
        """Runs that ended TERMINAL, FAILED or CANCELLED before ``before_ms``, are not
        compacted, and are settled (no PENDING or UNKNOWN effect, no obligation other than
        COMPENSATED), oldest first."""
        return store.list_compactable_runs(
            self._db, before_ms=int(before_ms), limit=validate.limit(limit)
        )

    def compact_run(self, *, run_id: str) -> store.Compaction:
        """Zero the run's decision and effect payloads (keys, statuses, external refs and
        the journal stay) and journal a ``run`` row with the bytes saved. A run compacted
        before comes back with ``already_compacted=True`` and nothing is written.

        Raises:
            RunNotFound; IllegalTransition: the run is not over (a STUCK run is not: it goes
            on when released), or not settled.
        """
        return store.compact_run(self._db, validate.required(run_id, "run_id", max_chars=64))

    def compactable_bytes(self, *, run_id: str) -> int:
        """The payload bytes :meth:`compact_run` would zero for ``run_id``."""
        return store.payload_bytes(self._db, run_id)
