"""Reconciliation: claiming effects to observe, and an operator's way out of STUCK."""

from __future__ import annotations

from typing import Any, cast, get_args

from tape import errors, validate
from tape.journal.base import DEFAULT_CLAIM_LEASE_MS, JournalBase
from tape.records import EffectRecord
from tape.store import reconcile as store

#: What ``resolve_effect`` accepts: ``confirm``, ``compensate``, ``absent``, ``fail``.
ResolveAction = store.Action
RESOLVE_ACTIONS: tuple[str, ...] = get_args(store.Action)


class ReconcileMixin(JournalBase):
    """Claims for the reconciler pass and ``tape resolve``'s effect resolution."""

    def claim_effects_to_reconcile(
        self,
        *,
        limit: int = 200,
        lease_ms: int = DEFAULT_CLAIM_LEASE_MS,
        pending_older_than_ms: int = 0,
    ) -> list[EffectRecord]:
        """Claim up to ``limit`` effects due for observation, each for one reconciler.

        Due effects are UNKNOWN ones, and, when ``pending_older_than_ms > 0``, PENDING INLINE
        ones last touched more than that long ago (their agent crashed mid-call); never
        PENDING OUTBOX ones (the dispatcher owns those). A claim pushes the effect's
        ``next_reconcile_at_ms`` to ``now + lease_ms``, so nobody else observes it meanwhile.

        Args:
            limit: most effects to claim.
            lease_ms: how long the claim keeps other reconcilers away.
            pending_older_than_ms: age after which a PENDING INLINE effect is observed; 0
                leaves PENDING effects alone.

        Returns:
            The claimed effects, most overdue first.
        """
        if pending_older_than_ms < 0:
            raise errors.InvalidArgument("pending_older_than_ms must be >= 0")
        cutoff = self._db.now_ms() - pending_older_than_ms if pending_older_than_ms else 0
        return store.claim_batch_to_reconcile(
            self._db,
            lease_ms=validate.ttl(lease_ms),
            limit=validate.limit(limit),
            pending_before_ms=cutoff,
        )

    def claim_effect_to_reconcile(
        self, *, run_id: str, idempotency_key: str, lease_ms: int = DEFAULT_CLAIM_LEASE_MS
    ) -> EffectRecord | None:
        """Claim one UNKNOWN or PENDING INLINE effect to observe now (a ``reconcile`` timer).

        Returns:
            The claimed effect, or None when it is settled, owned by the dispatcher, or being
            observed (or backing off after a stuck observation).
        """
        return store.claim_one_to_reconcile(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.required(idempotency_key, "idempotency_key", max_chars=validate.MAX_KEY_CHARS),
            lease_ms=validate.ttl(lease_ms),
        )

    def resolve_effect(
        self,
        *,
        run_id: str,
        idempotency_key: str,
        action: ResolveAction | str,
        operator: str,
        note: str = "",
        response_json: Any = None,
        external_ref: str = "",
    ) -> EffectRecord:
        """An operator settles an UNKNOWN (usually stuck) effect, journaled with who and why.

        ``confirm``: CONFIRMED, and the effect's response (what the agent gets) becomes
        ``response_json`` when given, else the operator's receipt
        ``{"status": "confirmed_by_operator", "operator", "note", "external_ref"}`` — never
        what a stuck look or an inconclusive reply left there (that stays in the journal).
        ``compensate``: CONFIRMED (with the same response) plus a compensation obligation
        (kind: the effect's ``compensate_kind``, else ``"operator-compensate"``). ``absent``:
        PENDING, dispatched again by the outbox (an INLINE one is redone on re-drive).
        ``fail``: FAILED. If the effect's run is STUCK and nothing else holds it (no other
        stuck effect, no STUCK obligation), the run is released in the same transaction: to
        RUNNABLE, so recovery re-drives it (FAILED if it had begun compensating). A later
        observation that settles a stuck effect releases its run the same way.

        Args:
            run_id: the effect's run.
            idempotency_key: the effect's key.
            action: one of :data:`RESOLVE_ACTIONS`.
            operator: who decided (``$TAPE_OPERATOR`` or the OS user for ``tape resolve``).
            note: why.
            response_json: (``confirm``/``compensate``) the call's result, as the operator
                read it in the upstream's books.
            external_ref: (``confirm``/``compensate``) the upstream's id for the call.

        Returns:
            The effect as resolved.

        Raises:
            EffectNotFound: no such effect.
            IllegalTransition: the effect is not UNKNOWN (a reconciler or another operator
                settled it first: whichever lands first wins).
            InvalidArgument: an unknown action or an empty operator; a response or external
                ref with ``absent`` or ``fail`` (nothing landed to describe).
        """
        if action not in RESOLVE_ACTIONS:
            raise errors.InvalidArgument(
                f"action must be one of {', '.join(RESOLVE_ACTIONS)}, not {action!r}"
            )
        response = validate.payload(response_json, "response_json")
        landed = action in ("confirm", "compensate")
        if not landed and (response_json is not None or external_ref):
            raise errors.InvalidArgument(
                "a response (response_json) or external_ref describes a call that landed; "
                f"not for {action!r}"
            )
        effect, _ = store.resolve_effect(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.required(idempotency_key, "idempotency_key", max_chars=validate.MAX_KEY_CHARS),
            action=cast(store.Action, action),
            operator=validate.required(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
            response_json=response,
            external_ref=validate.optional(external_ref, "external_ref", max_chars=512),
        )
        return effect
