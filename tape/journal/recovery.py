"""What the recovery, timer and compensation passes ask of the journal beyond the RPCs."""

from __future__ import annotations

from tape import validate
from tape.journal.base import DEFAULT_CLAIM_LEASE_MS, JournalBase
from tape.records import ObligationClaim, RunState
from tape.store import recovery as store


class RecoveryMixin(JournalBase):
    """``request_redrive``, ``count_redrive``, ``claim_obligation_now``."""

    def request_redrive(self, *, run_id: str, reason: str = "") -> tuple[bool, RunState | None]:
        """Ask for a run to be re-driven: a WAITING run, or a RUNNING one whose lease expired,
        becomes RUNNABLE and recovery picks it up.

        Returns:
            ``(moved, run)``; ``moved`` is False when the run is already RUNNABLE, is driven
            by a live lease holder, or is over; ``run`` is None when there is no such run.
        """
        return store.request_redrive(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            reason=validate.optional(reason, "reason", max_chars=2000),
        )

    def count_redrive(self, *, run_id: str, lease_epoch: int) -> None:
        """Add one to the run's ``redrive_count`` if it is still at ``lease_epoch``."""
        store.count_redrive(self._db, run_id, lease_epoch=lease_epoch)

    def claim_obligation_now(
        self,
        *,
        run_id: str,
        obligation_seq: int,
        claimer: str,
        lease_ttl_ms: int = DEFAULT_CLAIM_LEASE_MS,
    ) -> ObligationClaim:
        """Claim an obligation even while it backs off (the ``compensate_run`` saga); one
        another drainer holds under a live claim is not taken."""
        return store.claim_now(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            obligation_seq,
            claimer=validate.required(claimer, "claimer"),
            ttl_ms=validate.ttl(lease_ttl_ms),
        )
