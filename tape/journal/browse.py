"""Read-only views for operators: run search and the counts behind the metrics."""

from __future__ import annotations

from collections.abc import Iterable

from tape import errors, validate
from tape.enums import EffectStatus, ObligationStatus, RunStatus
from tape.journal.base import JournalBase
from tape.records import RunState
from tape.store import browse as store

#: How many matching run ids an ambiguous prefix's message lists.
AMBIGUOUS_SHOWN = 5
#: Most run ids ``list_business_keys`` takes at once (a page of the runs list is 200).
MAX_RUN_IDS = 1_000


class BrowseMixin(JournalBase):
    """``search_runs``, ``resolve_run_id``, ``list_app_names`` and the ``count_*`` reads of the
    dashboard."""

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

    def resolve_run_id(self, run_id: str) -> str:
        """The id of the one run whose id is ``run_id`` or starts with it (what the CLI and
        the short ids it prints accept).

        Raises:
            RunNotFound: no run's id is or starts with ``run_id``.
            AmbiguousRunId: several runs' ids start with it (the message lists a few).
            InvalidArgument: an empty ``run_id``.
        """
        given = validate.required(run_id, "run_id", max_chars=64)
        found = store.run_ids_by_prefix(self._db, given, limit=AMBIGUOUS_SHOWN + 1)
        if not found:
            raise errors.RunNotFound(f"no such run: {given!r}")
        if len(found) > 1:
            shown = ", ".join(found[:AMBIGUOUS_SHOWN])
            more = ", ..." if len(found) > AMBIGUOUS_SHOWN else ""
            raise errors.AmbiguousRunId(
                f"run id prefix {given!r} is ambiguous: {shown}{more}; give more characters"
            )
        return found[0]

    def list_business_keys(
        self, *, run_ids: Iterable[str], per_run: int = 3
    ) -> dict[str, list[str]]:
        """The distinct business keys of each run's effects (up to ``per_run`` each, in effect
        order), by run id; a run whose effects have none is left out. What the dashboard's
        runs list shows beside each run."""
        if isinstance(run_ids, str) or not isinstance(run_ids, Iterable):
            raise errors.InvalidArgument("run_ids must be a list of run ids")
        ids = [validate.required(r, "run_ids", max_chars=64) for r in run_ids]
        if len(ids) > MAX_RUN_IDS:
            raise errors.InvalidArgument(f"run_ids: at most {MAX_RUN_IDS} at once")
        return store.business_keys(self._db, ids, per_run=validate.limit(per_run, "per_run"))

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
