"""The effect ledger: begin, complete, reconcile, look up."""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

from tape import digests, errors, keys, state, validate
from tape.enums import DispatchMode, EffectSemantics, EffectStatus
from tape.journal.base import JournalBase
from tape.records import EffectRecord
from tape.store import begin as begin_store
from tape.store import effects as store
from tape.store import next_call, scopes


class EffectsMixin(JournalBase):
    """``BeginEffect``, ``CompleteEffect``, ``GetEffect``, ``ReconcileEffect``,
    ``ListPendingEffects``."""

    def begin_effect(
        self,
        *,
        run_id: str,
        decision_index: int,
        tool_name: str,
        call_index: int = 0,
        request_json: Any = None,
        custom_key: str = "",
        semantics: EffectSemantics | int | str = EffectSemantics.IDEMPOTENT,
        dispatch_mode: DispatchMode | int | str = DispatchMode.INLINE,
        business_key: str = "",
        connector: str = "",
        scope: str = "",
        compensate_kind: str = "",
        max_attempts: int = 0,
        dispatch_timeout_ms: int = 0,
        lease_epoch: int | None = None,
        match: Sequence[str] | None = None,
    ) -> EffectRecord:
        """Journal the intent to perform an effect (PENDING), or return it if it exists.

        Returns the existing effect unchanged when the run already has this idempotency key,
        or when any run has an effect with the same ``(connector, business_key)``, and it was
        asked the same request: a CONFIRMED result means "already done, do not do it again".
        The request is compared by digest (:mod:`tape.digests`: the tool name and the
        canonical JSON of the request, so key order does not matter); ``match`` names the
        top-level request fields that identify the call when others may vary (a timestamp).
        ``call_index=tape.keys.NEXT_CALL_INDEX`` (with ``decision_index=-1``) lets the journal
        pick the next free call index of the tool in the inserting transaction, so concurrent
        callers outside the run never share a key.

        Raises:
            RequestMismatch: the key holds an effect asked a different request; nothing but
                a ``refused`` journal row is written.
            InvalidArgument: NON_IDEMPOTENT with INLINE dispatch; ``business_key`` or OUTBOX
                without ``connector``; empty tool name.
            ScopeDenied: ``scope`` is not granted to the run (journaled as a ``policy`` row).
            RunNotFound, StaleLease, InvalidPayload.
        """
        values = effect_values(
            run_id=run_id,
            decision_index=decision_index,
            tool_name=tool_name,
            call_index=call_index,
            request_json=request_json,
            custom_key=custom_key,
            semantics=semantics,
            dispatch_mode=dispatch_mode,
            business_key=business_key,
            connector=connector,
            scope=scope,
            compensate_kind=compensate_kind,
            max_attempts=max_attempts,
            dispatch_timeout_ms=dispatch_timeout_ms,
            match=match,
        )
        if scope:
            self._check_scope(values["run_id"], values["tool_name"], scope, decision_index)
        if values["call_index"] == keys.NEXT_CALL_INDEX:
            return next_call.begin_next_call(self._db, values, lease_epoch=lease_epoch)
        return begin_store.begin_effect(self._db, values, lease_epoch=lease_epoch)

    def begin_effects(self, effects: Sequence[Mapping[str, Any]]) -> list[EffectRecord]:
        """:meth:`begin_effect` for many effects in one transaction (fan-out, bulk enqueue).

        Each mapping holds :meth:`begin_effect`'s keyword arguments (``lease_epoch`` and
        ``scope`` are not accepted here). Every effect is validated before anything is
        written; existing effects are returned as they are.
        """
        values_list = []
        for i, spec in enumerate(effects):
            check_effect_spec(i, spec)
            if spec.get("call_index") == keys.NEXT_CALL_INDEX:
                raise errors.InvalidArgument(
                    f"effects[{i}]: call_index=NEXT_CALL_INDEX is for begin_effect only"
                )
            try:
                values_list.append(effect_values(**spec))
            except errors.InvalidArgument as exc:
                raise type(exc)(f"effects[{i}]: {exc}") from None
        return begin_store.begin_effects(self._db, values_list)

    def _check_scope(self, run_id: str, tool: str, scope: str, decision_index: int) -> None:
        granted = scopes.run_scopes(self._db, run_id)
        if granted is None:
            raise errors.RunNotFound(f"no such run: {run_id!r}")
        if scope not in granted:
            scopes.deny_scope(
                self._db,
                run_id,
                {
                    "tool": tool,
                    "decision_index": decision_index,
                    "required_scope": scope,
                    "granted_scopes": granted,
                    "violation": "scope_not_granted",
                },
            )
            raise errors.ScopeDenied(
                f"effect {tool!r} requires scope {scope!r}, which run {run_id!r} was not "
                f"granted. {errors.scope_grant_hint([scope])}"
            )

    def complete_effect(
        self,
        *,
        run_id: str,
        idempotency_key: str,
        status: EffectStatus | int | str,
        response_json: Any = None,
        error_json: Any = None,
        external_ref: str = "",
        claimer: str = "",
        lease_epoch: int | None = None,
        compensation_payload_json: Any = None,
    ) -> EffectRecord:
        """Record the outcome of a PENDING effect: CONFIRMED, FAILED or UNKNOWN.

        Completing with the status the effect already has returns it unchanged. A dispatcher
        passing its ``claimer`` may also confirm an effect its expired claim turned UNKNOWN.
        With ``compensation_payload_json``, confirming also registers the effect's compensation
        obligation (kind: its ``compensate_kind``; the payload is what the inverse is called
        with) in the same transaction, held: owed only if the run is undone
        (``tape.compensate_run``); other outcomes owe nothing and ignore it.

        Raises:
            EffectNotFound: ``complete_effect`` before ``begin_effect``.
            IllegalTransition: the effect already has another outcome.
            InvalidArgument: a compensation payload for an effect without ``compensate_kind``.
        """
        target = validate.enum(EffectStatus, status, "status", state.EFFECT_COMPLETE_STATUSES)
        compensation = (
            None
            if compensation_payload_json is None
            else validate.payload(
                compensation_payload_json, "compensation_payload_json", default="{}"
            )
        )
        return store.complete_effect(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.required(idempotency_key, "idempotency_key", max_chars=validate.MAX_KEY_CHARS),
            target=target,
            response_json=validate.payload(response_json, "response_json"),
            error_json=validate.payload(error_json, "error_json"),
            external_ref=validate.optional(external_ref, "external_ref", max_chars=512),
            claimer=validate.optional(claimer, "claimer"),
            lease_epoch=lease_epoch,
            compensation_payload_json=compensation,
        )

    def get_effect(self, *, run_id: str, idempotency_key: str) -> EffectRecord | None:
        """The effect, or None."""
        return store.get_effect(self._db, run_id, idempotency_key)

    def list_effects(self, *, run_id: str) -> list[EffectRecord]:
        """The run's effects in journal order."""
        return store.list_effects(self._db, run_id)

    def reconcile_effect(
        self,
        *,
        run_id: str,
        idempotency_key: str,
        resolved_status: EffectStatus | int | str,
        response_json: Any = None,
        error_json: Any = None,
        operator: str = "",
        note: str = "",
    ) -> EffectRecord:
        """Settle a PENDING or UNKNOWN effect as CONFIRMED or FAILED, or send it back to
        PENDING (it never landed; the outbox dispatches it again).

        ``operator`` and ``note`` record who decided and why (``tape resolve``). This call
        carries no observation, so a NON_IDEMPOTENT effect goes back to PENDING only on an
        operator's word (an ``operator`` is given). Settling a stuck effect releases its
        STUCK run when nothing else holds it, as an observation does.

        Raises:
            EffectNotFound, IllegalTransition (CONFIRMED and FAILED are final);
            ObservationRequired (PENDING for a NON_IDEMPOTENT effect without ``operator``).
        """
        target = validate.enum(
            EffectStatus,
            resolved_status,
            "resolved_status",
            [EffectStatus.CONFIRMED, EffectStatus.FAILED, EffectStatus.PENDING],
        )
        return store.reconcile_effect(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.required(idempotency_key, "idempotency_key", max_chars=validate.MAX_KEY_CHARS),
            target=target,
            response_json=validate.payload(response_json, "response_json"),
            error_json=validate.payload(error_json, "error_json"),
            operator=validate.optional(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
        )

    def list_pending_effects(
        self,
        *,
        older_than_ms: int = 0,
        limit: int = 200,
        include_pending: bool = False,
        include_unknown: bool = False,
        due_by_ms: int = 0,
    ) -> list[EffectRecord]:
        """UNKNOWN effects and PENDING ones last touched before ``older_than_ms`` (0 = any),
        oldest first. With both flags false, both kinds are listed. ``due_by_ms`` skips
        UNKNOWN effects whose next re-observation is later (stuck backoff)."""
        if not include_pending and not include_unknown:
            include_pending = include_unknown = True
        return store.list_pending_effects(
            self._db,
            older_than_ms=older_than_ms,
            limit=validate.limit(limit),
            include_pending=include_pending,
            include_unknown=include_unknown,
            due_by_ms=due_by_ms,
        )


@validate.checked
def effect_values(
    *,
    run_id: str,
    decision_index: int,
    tool_name: str,
    call_index: int = 0,
    request_json: Any = None,
    custom_key: str = "",
    semantics: EffectSemantics | int | str = EffectSemantics.IDEMPOTENT,
    dispatch_mode: DispatchMode | int | str = DispatchMode.INLINE,
    business_key: str = "",
    connector: str = "",
    scope: str = "",
    compensate_kind: str = "",
    max_attempts: int = 0,
    dispatch_timeout_ms: int = 0,
    match: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Validate :meth:`EffectsMixin.begin_effect`'s arguments into the row to insert."""
    sem = validate.enum(EffectSemantics, semantics, "semantics")
    if sem == EffectSemantics.UNSPECIFIED:
        sem = EffectSemantics.IDEMPOTENT
    mode = validate.enum(DispatchMode, dispatch_mode, "dispatch_mode")
    if mode == DispatchMode.UNSPECIFIED:
        mode = DispatchMode.INLINE
    run_id = validate.required(run_id, "run_id", max_chars=64)
    tool = validate.required(tool_name, "tool_name")
    connector = validate.optional(connector, "connector")
    business_key = validate.optional(business_key, "business_key", max_chars=512)
    if sem == EffectSemantics.NON_IDEMPOTENT and mode != DispatchMode.OUTBOX:
        raise errors.InvalidArgument(
            "begin_effect: NON_IDEMPOTENT semantics requires OUTBOX dispatch: the call must "
            "be made once by the outbox dispatcher, never re-run inline on replay"
        )
    if business_key and not connector:
        raise errors.InvalidArgument(
            "begin_effect: business_key requires connector (the pair is what dedupes)"
        )
    if mode == DispatchMode.OUTBOX and not connector:
        raise errors.InvalidArgument(
            "begin_effect: OUTBOX dispatch requires connector (the dispatcher finds the "
            "upstream by connector name)"
        )
    for name, value in (
        ("decision_index", decision_index),
        ("call_index", call_index),
        ("max_attempts", max_attempts),
        ("dispatch_timeout_ms", dispatch_timeout_ms),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            raise errors.InvalidArgument(f"{name} must be an integer")
    allocate = call_index == keys.NEXT_CALL_INDEX
    if allocate and (decision_index >= 0 or custom_key):
        raise errors.InvalidArgument(
            "call_index=NEXT_CALL_INDEX is for no-decision calls (decision_index -1) without "
            "a custom key: the journal picks the call index"
        )
    if (call_index < 0 and not allocate) or max_attempts < 0 or dispatch_timeout_ms < 0:
        raise errors.InvalidArgument(
            "call_index, max_attempts and dispatch_timeout_ms must be >= 0"
        )
    # An allocated index is not known yet: the longest one it can be bounds the key.
    key = validate.required(
        keys.idempotency_key(
            run_id, decision_index, tool, 2**31 - 1 if allocate else call_index, custom_key
        ),
        "idempotency_key",
        max_chars=validate.MAX_KEY_CHARS,
    )
    if allocate:
        key = ""
    request_text = validate.payload(request_json, "request_json")
    values = {
        "run_id": run_id,
        "idempotency_key": key,
        "decision_index": decision_index,
        "tool_name": tool,
        "call_index": call_index,
        "request_json": request_text,
        "request_digest": digests.effect(tool, request_text, match),
        "semantics": sem,
        "dispatch_mode": mode,
        "business_key": business_key,
        "connector": connector,
        "scope": validate.optional(scope, "scope"),
        "compensate_kind": validate.optional(compensate_kind, "compensate_kind"),
        "max_attempts": max_attempts,
        "dispatch_timeout_ms": dispatch_timeout_ms,
    }
    return values


#: What one of begin_effects' mappings may hold, and must.
_EFFECT_FIELDS = frozenset(inspect.signature(effect_values).parameters)
_EFFECT_REQUIRED = frozenset(
    n for n, p in inspect.signature(effect_values).parameters.items() if p.default is p.empty
)


def check_effect_spec(index: int, spec: Mapping[str, Any]) -> None:
    """One of ``begin_effects``' mappings names ``begin_effect``'s arguments (but
    ``lease_epoch`` and ``scope``), its required ones included.

    Raises:
        InvalidArgument: naming ``effects[index]``.
    """
    where = f"effects[{index}]"
    if "lease_epoch" in spec or spec.get("scope"):
        raise errors.InvalidArgument(
            f"{where}: begin_effects takes neither lease_epoch nor scope; use begin_effect"
        )
    unknown = sorted(str(k)[:40] for k in set(spec) - _EFFECT_FIELDS)
    if unknown:
        raise errors.InvalidArgument(f"{where}: begin_effect has no argument {', '.join(unknown)}")
    missing = sorted(_EFFECT_REQUIRED - set(spec))
    if missing:
        raise errors.InvalidArgument(f"{where} needs {', '.join(missing)}")
