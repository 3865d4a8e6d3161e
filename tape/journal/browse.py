"""Read-only views for operators: run search and the counts behind the metrics."""

from __future__ import annotations

from collections.abc import Iterable

from tape import validate
from tape.enums import EffectStatus, ObligationStatus, RunStatus
from tape.journal.base import JournalBase
from tape.records import RunState
from tape.store import browse as store


class BrowseMixin(JournalBase):
    """``search_runs``, ``list_app_names`` and the ``count_*`` reads of the dashboard."""

    def search_runs(
        self,
        *,
        statuses: Iterable[RunStatus | int | str] = (),
        app_name: str = "",
        started_after_ms: int = 0,
        query: str = "",
        limit: int = 100,
    ) -> list[RunState]:
        """Runs, newest first: only ``statuses`` (all when empty), only ``app_name``, started
        at or after ``started_after_ms``; ``query`` matches a run id or its prefix, or the
        business key or idempotency key of one of the run's effects."""
        return store.search_runs(
            self._db,
            statuses=[validate.enum(RunStatus, s, "statuses") for s in statuses],
            app_name=validate.optional(app_name, "app_name"),
            started_after_ms=max(0, int(started_after_ms)),
            query=validate.optional(query.strip(), "query", max_chars=validate.MAX_KEY_CHARS),
            limit=validate.limit(limit),
        )

    def list_app_names(self) -> list[str]:
        """The distinct app names runs were started under."""
        return store.app_names(self._db)

    def count_runs_by_status(self) -> dict[RunStatus, int]:
        """How many runs are in each status."""
        return store.runs_by_status(self._db)

    def count_effects_by_status(self) -> dict[EffectStatus, int]:
        """How many effects are in each status."""
        return store.effects_by_status(self._db)

    def count_obligations_by_status(self) -> dict[ObligationStatus, int]:
        """How many obligations are in each status."""
        return store.obligations_by_status(self._db)

    def count_stuck_effects(self) -> int:
        """UNKNOWN effects no observation could settle (a human should look)."""
        return store.stuck_effects(self._db)

    def oldest_due_ms(self) -> dict[str, int]:
        """Per reactor (``outbox``, ``timers``, ``compensation``), the due time of the oldest
        item not yet picked up (0 when none): its age is the reactor's lag."""
        return store.oldest_due(self._db, now_ms=self._db.now_ms())
