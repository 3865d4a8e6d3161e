"""A run's agent version (:mod:`tape.store.versions`)."""

from __future__ import annotations

from tape import validate
from tape.journal.base import JournalBase
from tape.records import RunState
from tape.store import versions as store


class VersionsMixin(JournalBase):
    """``StampRunVersion``."""

    def stamp_run_version(
        self, *, run_id: str, version: str, lease_epoch: int | None = None
    ) -> RunState:
        """Record ``version`` as the run's agent version (its ``policy_version`` label)
        unless it has one: a run keeps the version it started under on every re-drive.

        Raises:
            InvalidArgument: an empty version. StaleLease, RunNotFound.
        """
        return store.stamp(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.required(version, "version"),
            lease_epoch=lease_epoch,
        )
