"""Outbox dispatch: listing, claiming, and recording what the upstream said."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tape import errors, state, validate
from tape.enums import EffectResolution
from tape.journal.base import DEFAULT_CLAIM_LEASE_MS, JournalBase
from tape.records import EffectClaim, EffectRecord
from tape.store import dispatch as store
from tape.store import outcomes as outcome_store


class OutboxMixin(JournalBase):
    """``ListEffectsToDispatch``, ``ClaimEffectDispatch``, ``RecordDispatchAttempt``,
    ``RecordExternalObservation``, plus batch claiming and claim expiry."""

    def list_effects_to_dispatch(
        self,
        *,
        now_ms: int | None = None,
        limit: int = 200,
        connector: str = "",
        connectors: Sequence[str] | None = None,
        exclude_connectors: Sequence[str] = (),
        max_attempts: int = store.DEFAULT_MAX_ATTEMPTS,
    ) -> list[EffectRecord]:
        """Due PENDING+OUTBOX effects nobody may be calling right now, oldest due first.

        ``connector`` (one name) or ``connectors`` restrict the list; ``exclude_connectors``
        leaves those out.
        """
        return store.list_effects_to_dispatch(
            self._db,
            now_ms=self._now(now_ms),
            limit=validate.limit(limit),
            connectors=[connector] if connector else connectors,
            exclude=exclude_connectors,
            default_max=max_attempts,
        )

    def claim_effect_dispatch(
        self,
        *,
        run_id: str,
        idempotency_key: str = "",
        claimer: str,
        lease_ttl_ms: int = DEFAULT_CLAIM_LEASE_MS,
        max_attempts: int = store.DEFAULT_MAX_ATTEMPTS,
        key: str = "",
    ) -> EffectClaim:
        """Claim one effect for dispatch (compare-and-swap). Exactly one concurrent claimer
        wins; the claim counts an attempt in flight. Losers get ``acquired=False`` and the row.

        ``key=`` (the ``tape.v1`` field name) may be given instead of ``idempotency_key=``.

        Raises:
            EffectNotFound; InvalidArgument for an empty claimer or a TTL <= 0;
            ArgumentConflict when ``key`` and ``idempotency_key`` disagree.
        """
        return store.claim_effect_dispatch(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.effect_key(idempotency_key, key),
            claimer=validate.required(claimer, "claimer"),
            ttl_ms=validate.ttl(lease_ttl_ms),
            default_max=max_attempts,
        )

    def claim_effects_to_dispatch(
        self,
        *,
        claimer: str,
        limit: int = 200,
        connector: str = "",
        connectors: Sequence[str] | None = None,
        lease_ttl_ms: int = DEFAULT_CLAIM_LEASE_MS,
        max_attempts: int = store.DEFAULT_MAX_ATTEMPTS,
    ) -> list[EffectRecord]:
        """Claim up to ``limit`` due effects in one statement; each goes to one claimer.

        Each claim counts an attempt in flight. ``connector``/``connectors`` restrict which.
        """
        return store.claim_effects(
            self._db,
            claimer=validate.required(claimer, "claimer"),
            ttl_ms=validate.ttl(lease_ttl_ms),
            limit=validate.limit(limit),
            connectors=[connector] if connector else connectors,
            default_max=max_attempts,
        )

    def record_dispatch_outcomes(
        self, outcomes: Sequence[outcome_store.Outcome], *, claimer: str
    ) -> list[EffectRecord | None]:
        """Record a batch of dispatch outcomes in one transaction (the outbox pass's write).

        Returns each effect as recorded, or None where the effect had moved meanwhile.
        """
        return outcome_store.record_outcomes(
            self._db, outcomes, claimer=validate.required(claimer, "claimer")
        )

    def record_dispatch_attempt(
        self,
        *,
        run_id: str,
        idempotency_key: str = "",
        error: Any = "",
        next_dispatch_at_ms: int,
        claimer: str = "",
        key: str = "",
    ) -> EffectRecord:
        """Record an attempt that did not confirm. ``next_dispatch_at_ms <= 0`` means the
        outcome is unknown: the effect becomes UNKNOWN and is never dispatched again (the
        reconciler asks the upstream); otherwise it stays PENDING until that time.

        ``key=`` (the ``tape.v1`` field name) may be given instead of ``idempotency_key=``.

        Raises:
            EffectNotFound; IllegalTransition when the effect is not PENDING (or, with
            ``claimer``, not claimed by it); ArgumentConflict when ``key`` and
            ``idempotency_key`` disagree.
        """
        effect_key = validate.effect_key(idempotency_key, key)
        text = validate.error_text(error)
        return store.record_dispatch_attempt(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            effect_key,
            error=validate.optional(text, "error", max_chars=validate.MAX_PAYLOAD_BYTES),
            next_dispatch_at_ms=int(next_dispatch_at_ms),
            claimer=validate.optional(claimer, "claimer"),
        )

    def record_external_observation(
        self,
        *,
        run_id: str,
        idempotency_key: str = "",
        resolution: EffectResolution | int | str,
        external_ref: str = "",
        response_json: Any = None,
        error_json: Any = None,
        compensate_on_duplicate_kind: str = "",
        observed_by: str = "",
        key: str = "",
        observation_json: Any = None,
    ) -> EffectRecord:
        """Apply what the upstream says happened to a PENDING or UNKNOWN effect.

        CONFIRMED → CONFIRMED; FAILED → FAILED; DUPLICATE → CONFIRMED plus a compensation
        obligation for the extra; ABSENT → PENDING, dispatched again after a settle window;
        STUCK → stays UNKNOWN, marked stuck, and its run goes STUCK for a human. A CONFIRMED
        or FAILED effect is never changed by an observation. Any other answer for a stuck
        effect releases its STUCK run in the same transaction (RUNNABLE, for recovery to
        re-drive) unless another stuck effect or a STUCK obligation still holds it.

        ``observed_by`` says who looked at the upstream: ``connector`` (its ``observe()``),
        ``status_check`` (the tool's registered check) or ``operator``; "" when nobody did.
        It is journaled with the observation. ABSENT for a NON_IDEMPOTENT effect needs one of
        them: an absent nobody saw is a guess, and sending the effect again on a guess could
        do it twice (docs/design.md decision 4). ``key=`` (the ``tape.v1`` field name) may be given
        instead of ``idempotency_key=``. ``observation_json``: what the look itself reported,
        journaled with the observation when ``response_json`` is the call's result
        (:mod:`tape.reconciled`).

        Raises:
            EffectNotFound, IllegalTransition; ObservationRequired (ABSENT for a
            NON_IDEMPOTENT effect without ``observed_by``; nothing written); InvalidArgument
            (an unknown ``observed_by``); ArgumentConflict when ``key`` and
            ``idempotency_key`` disagree.
        """
        effect_key = validate.effect_key(idempotency_key, key)
        observer = validate.optional(observed_by, "observed_by")
        if observer and observer not in state.OBSERVERS:
            raise errors.InvalidArgument(
                f"observed_by must be one of {', '.join(sorted(state.OBSERVERS))} (or empty: "
                f"nobody looked), not {observed_by!r}"
            )
        res = validate.enum(
            EffectResolution,
            resolution,
            "resolution",
            [r for r in EffectResolution if r != EffectResolution.UNSPECIFIED],
        )
        return store.record_external_observation(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            effect_key,
            resolution=res,
            external_ref=validate.optional(external_ref, "external_ref", max_chars=512),
            response_json=validate.payload(response_json, "response_json"),
            error_json=validate.payload(error_json, "error_json"),
            compensate_on_duplicate_kind=validate.optional(
                compensate_on_duplicate_kind, "compensate_on_duplicate_kind"
            ),
            observed_by=observer,
            observation_json=validate.payload(observation_json, "observation_json"),
        )

    def mark_connector_missing(
        self, *, run_id: str, idempotency_key: str, connector: str, worker: str
    ) -> EffectRecord | None:
        """Mark a due, unclaimed outbox effect as waiting on ``connector``, which ``worker``
        does not register (:mod:`tape.unregistered`). Not a claim: no attempt is counted and
        a worker that registers the connector still claims it. Returns the marked effect, or
        None when it was marked already, is claimed, or moved on.

        Raises:
            InvalidArgument for an empty run id, key, connector or worker.
        """
        return store.mark_connector_missing(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.required(idempotency_key, "idempotency_key"),
            connector=validate.required(connector, "connector"),
            worker=validate.required(worker, "worker"),
        )

    def expire_dispatch_claims(
        self, *, limit: int = 500, max_attempts: int = store.DEFAULT_MAX_ATTEMPTS
    ) -> list[EffectRecord]:
        """Turn effects whose dispatcher died mid-call into UNKNOWN: every NON_IDEMPOTENT
        one, and IDEMPOTENT ones with no attempts left (``max_attempts`` unless the effect
        sets its own). The reconciler then asks the upstream."""
        return store.expire_dispatch_claims(
            self._db, limit=validate.limit(limit), default_max=max_attempts
        )
