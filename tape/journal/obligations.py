"""Compensation obligations."""

from __future__ import annotations

from typing import Any

from tape import errors, registry, validate
from tape.enums import ObligationStatus
from tape.journal.base import DEFAULT_CLAIM_LEASE_MS, JournalBase
from tape.records import ObligationClaim, ObligationRecord, RunState
from tape.store import compensation
from tape.store import obligations as store


class ObligationsMixin(JournalBase):
    """``RegisterCompensation``, ``ListObligations``, ``ListUnresolvedObligations``,
    ``ClaimObligation``, ``RecordObligationAttempt``, ``ResolveObligation``,
    ``settle_compensating_runs``."""

    def settle_compensating_runs(self, *, limit: int = 100) -> list[RunState]:
        """End the COMPENSATING runs none of whose obligations is left to do, as
        ``compensate_run`` would have: STUCK if any is STUCK, else FAILED (detail
        ``{"compensated": [...], "stuck": [...], "settled_by": "compensation-pass"}``).

        The compensation pass calls it to finish runs whose saga stopped part-way.
        """
        return compensation.settle_runs(self._db, limit=validate.limit(limit))

    def register_compensation(
        self,
        *,
        run_id: str,
        effect_key: str,
        kind: str,
        payload_json: Any = None,
        compensator_ref: str = "",
        max_attempts: int = 0,
        due: bool = False,
    ) -> ObligationRecord:
        """Owe a compensation for an effect; idempotent on (run, effect_key, kind).

        ``compensator_ref`` optionally names the inverse: a compensator registered in code in
        this process (``tape.register_compensator(name, fn)``), never an import path;
        without it the pass uses the one registered for ``kind``. ``max_attempts`` 0 means
        5. By default the obligation is *held*: owed only if the run is undone
        (``tape.compensate_run``, or the run is COMPENSATING), so the compensation pass leaves
        it alone while the run goes on and after it ends TERMINAL. ``due=True``: the effect
        must be undone now whatever becomes of the run (the pass drains it at once).

        Raises:
            EffectNotFound: the run has no effect with ``effect_key``.
            UnknownCompensator: ``compensator_ref`` is not a registered compensator's name.
        """
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 0:
            raise errors.InvalidArgument("max_attempts must be an integer >= 0")
        if not isinstance(due, bool):
            raise errors.InvalidArgument("due must be True or False")
        ref = validate.optional(compensator_ref, "compensator_ref")
        if ref:
            # Journal data never names code: only a name this process registered is stored.
            registry.require_compensator(ref)
        return store.register_compensation(
            self._db,
            run_id=validate.required(run_id, "run_id", max_chars=64),
            effect_key=validate.required(
                effect_key, "effect_key", max_chars=validate.MAX_KEY_CHARS
            ),
            kind=validate.required(kind, "kind"),
            payload_json=validate.payload(payload_json, "payload_json", default="{}"),
            compensator_ref=ref,
            max_attempts=max_attempts,
            due=due,
        )

    def list_obligations(
        self,
        *,
        run_id: str,
        only_unresolved: bool = False,
        status_filter: ObligationStatus | int | str | None = None,
    ) -> list[ObligationRecord]:
        """A run's obligations, newest first (the order compensation runs in)."""
        status = None
        if status_filter not in (None, 0, ObligationStatus.UNSPECIFIED):
            status = validate.enum(ObligationStatus, status_filter, "status_filter")
        return store.list_obligations(
            self._db, run_id, only_unresolved=only_unresolved, status_filter=status
        )

    def list_unresolved_obligations(
        self,
        *,
        limit: int = 500,
        now_ms: int | None = None,
        include_pending: bool = False,
        include_stuck: bool = False,
        include_committed_expired: bool = False,
    ) -> list[ObligationRecord]:
        """Obligations across runs that a drainer may work on now.

        Asking only for stuck ones lists just those; otherwise due PENDING ones are listed
        (past their backoff, and not held, or held by a run that is COMPENSATING), and always
        with them COMMITTED ones whose claim expired (their drainer died). A held obligation
        of a run that goes on or ended is not owed work and is not listed.
        """
        if include_stuck and not include_pending and not include_committed_expired:
            pending = expired = False
        else:
            pending = expired = True
        return store.list_unresolved(
            self._db,
            now_ms=self._now(now_ms),
            limit=validate.limit(limit),
            include_pending=pending,
            include_stuck=include_stuck,
            include_committed_expired=expired,
        )

    def claim_obligation(
        self,
        *,
        run_id: str,
        obligation_seq: int,
        claimer: str,
        lease_ttl_ms: int = DEFAULT_CLAIM_LEASE_MS,
    ) -> ObligationClaim:
        """Claim a due PENDING obligation, or one whose claim expired (compare-and-swap).

        A held obligation is due only while its run is COMPENSATING; claiming it clears
        ``held``, so a retry after a failed inverse stays due whatever the run becomes."""
        return store.claim(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            obligation_seq,
            claimer=validate.required(claimer, "claimer"),
            ttl_ms=validate.ttl(lease_ttl_ms),
        )

    def record_obligation_attempt(
        self,
        *,
        run_id: str,
        obligation_seq: int,
        error: str,
        next_attempt_at_ms: int,
        claimer: str = "",
    ) -> ObligationRecord:
        """Record a failed attempt: PENDING again until ``next_attempt_at_ms``, or STUCK when
        that is <= 0 or the attempts are used up."""
        return store.record_attempt(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            obligation_seq,
            error=validate.optional(error, "error", max_chars=validate.MAX_PAYLOAD_BYTES),
            next_attempt_at_ms=int(next_attempt_at_ms),
            claimer=validate.optional(claimer, "claimer"),
        )

    def resolve_obligation(
        self,
        *,
        run_id: str,
        obligation_seq: int,
        status: ObligationStatus | int | str,
        result_json: Any = None,
        operator: str = "",
        note: str = "",
    ) -> ObligationRecord:
        """Settle an obligation as COMPENSATED or STUCK. Only an ``operator`` may settle a
        STUCK one (as COMPENSATED), and that is journaled with who and why. When that was the
        last thing holding a STUCK run (no other STUCK obligation, no stuck effect), the run
        is released in the same transaction: RUNNABLE for recovery to re-drive, or FAILED if
        it had begun compensating (its compensation is now done).

        Raises:
            ObligationNotFound, IllegalTransition, InvalidArgument (another status).
        """
        target = validate.enum(
            ObligationStatus,
            status,
            "status",
            [ObligationStatus.COMPENSATED, ObligationStatus.STUCK],
        )
        return store.resolve(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            obligation_seq,
            target=target,
            result_json=validate.payload(result_json, "result_json"),
            operator=validate.optional(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
        )
