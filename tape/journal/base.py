"""What every part of the journal client shares: the database and the defaults."""

from __future__ import annotations

from tape.store.engine import Database

#: Run lease when the caller gives none (upstream Tape's server default).
DEFAULT_RUN_LEASE_MS = 120_000
#: Claim lease on effects, obligations and timers when the caller gives none.
DEFAULT_CLAIM_LEASE_MS = 60_000


class JournalBase:
    """Holds the :class:`~tape.store.engine.Database` the mixins work on."""

    _db: Database

    @property
    def database(self) -> Database:
        """The database this client writes to."""
        return self._db

    def _now(self, now_ms: int | None) -> int:
        return self._db.now_ms() if now_ms is None or now_ms <= 0 else now_ms
