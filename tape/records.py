"""Typed records the :class:`tape.Journal` client returns.

Field names follow the ``tape.v1`` proto messages. JSON payloads are kept as the text that was
journaled (``*_json``); the properties without the suffix parse them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from tape.enums import (
    DispatchMode,
    EffectSemantics,
    EffectStatus,
    ObligationStatus,
    RunStatus,
)

T = TypeVar("T")


def _parse(text: str, default: Any = None) -> Any:
    return json.loads(text) if text else default


_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def from_row(cls: type[T], row: Any, **extra: Any) -> T:
    """Build a record from a row mapping, taking the fields the record declares."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    data = row if isinstance(row, dict) else dict(row)
    values = {k: data[k] for k in names if k in data}
    values.update(extra)
    return cls(**values)


@dataclass(frozen=True, slots=True)
class RunState:
    """A run as stored.

    The identity fields are free-form text (``""`` when not given) that tape stores, indexes
    and returns but never interprets; they are the ``tape.v1`` proto's ``RunState`` /
    ``BeginRun`` fields, kept so clients of upstream Tape (docs/glossary.md) keep working
    (``Journal.begin_run`` takes them all).

    Attributes:
        tenant_id: the tenant the run belongs to.
        actor: who (person or service) the agent acts for.
        subject: what the run is about (an account, a ticket).
        agent_id: which agent (deployment) runs it.
        aiplex_instance_id: upstream Tape's name for the instance of the agent platform that
            started the run (its identity environment's ``AIPLEX_INSTANCE_ID``).
        gateway_route: upstream Tape's name for the route of the gateway the run came in
            through (its identity environment's ``AIPLEX_ROUTE``).
        scopes_json: the scopes granted to the run (:attr:`scopes`), checked against an
            effect's ``scope=``.
        labels_json: free-form ``key: value`` labels (:attr:`labels`).
    """

    run_id: str
    app_name: str
    user_id: str
    session_id: str
    invocation_id: str
    status: RunStatus
    seq_cursor: int
    lease_owner: str
    lease_expires_at_ms: int
    lease_epoch: int
    waiting_on_gate: str
    input_json: str
    detail_json: str
    started_at_ms: int
    ended_at_ms: int
    tenant_id: str = ""
    actor: str = ""
    subject: str = ""
    agent_id: str = ""
    aiplex_instance_id: str = ""
    gateway_route: str = ""
    scopes_json: str = "[]"
    labels_json: str = "{}"
    compacted_at_ms: int = 0
    redrive_count: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", RunStatus(self.status))

    @property
    def scopes(self) -> list[str]:
        return list(_parse(self.scopes_json, []))

    @property
    def labels(self) -> dict[str, str]:
        return dict(_parse(self.labels_json, {}))

    @property
    def input(self) -> Any:
        return _parse(self.input_json)

    @property
    def detail(self) -> Any:
        return _parse(self.detail_json)


@dataclass(frozen=True, slots=True)
class BeginRunResult:
    """What ``begin_run`` returns.

    ``resumed`` is true when the run already existed. ``lease_epoch`` is the fencing token to
    pass to later writes; it is 0 when no lease was granted (the run is over).
    """

    run_id: str
    resumed: bool
    next_seq: int
    status: RunStatus
    lease_epoch: int
    run: RunState


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One recorded model call."""

    run_id: str
    decision_index: int
    seq: int
    model: str
    request_json: str
    response_json: str
    rationale: str
    policy_version: str
    ts_ms: int
    request_digest: str = ""

    @property
    def request(self) -> Any:
        return _parse(self.request_json)

    @property
    def response(self) -> Any:
        return _parse(self.response_json)


@dataclass(frozen=True, slots=True)
class EffectRecord:
    """One effect as stored."""

    run_id: str
    idempotency_key: str
    seq: int
    decision_index: int
    tool_name: str
    call_index: int
    status: EffectStatus
    request_json: str
    response_json: str
    error_json: str
    semantics: EffectSemantics
    dispatch_mode: DispatchMode
    business_key: str
    connector: str
    scope: str
    compensate_kind: str
    max_attempts: int
    dispatch_timeout_ms: int
    dispatch_attempts: int
    next_dispatch_at_ms: int
    last_dispatch_at_ms: int
    external_ref: str
    dispatch_claimed_by: str
    dispatch_claim_expires_at_ms: int
    last_dispatch_error: str
    reconcile_attempts: int
    next_reconcile_at_ms: int
    stuck_at_ms: int
    created_at_ms: int
    ts_ms: int
    request_digest: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", EffectStatus(self.status))
        object.__setattr__(self, "semantics", EffectSemantics(self.semantics))
        object.__setattr__(self, "dispatch_mode", DispatchMode(self.dispatch_mode))

    @property
    def request(self) -> Any:
        return _parse(self.request_json)

    @property
    def response(self) -> Any:
        return _parse(self.response_json)

    @property
    def error(self) -> Any:
        return _parse(self.error_json)

    @property
    def stuck(self) -> bool:
        """True when no observation could settle this UNKNOWN effect: a human must look."""
        return self.stuck_at_ms > 0


@dataclass(frozen=True, slots=True)
class EffectClaim:
    """What ``claim_effect_dispatch`` returns: whether this claimer won, and the row now."""

    acquired: bool
    effect: EffectRecord


@dataclass(frozen=True, slots=True)
class ObligationRecord:
    """One compensation obligation."""

    run_id: str
    seq: int
    effect_key: str
    kind: str
    payload_json: str
    status: ObligationStatus
    ts_ms: int
    compensator_ref: str
    attempts: int
    max_attempts: int
    next_attempt_at_ms: int
    last_error: str
    claimed_by: str
    claim_expires_at_ms: int
    result_json: str
    created_at_ms: int
    #: Owed only if the run is undone (``compensate_run``, or the run is COMPENSATING); the
    #: compensation pass leaves a held obligation alone otherwise.
    held: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", ObligationStatus(self.status))
        object.__setattr__(self, "held", bool(self.held))

    @property
    def payload(self) -> Any:
        return _parse(self.payload_json, {})

    @property
    def result(self) -> Any:
        return _parse(self.result_json)


@dataclass(frozen=True, slots=True)
class ObligationClaim:
    """What ``claim_obligation`` returns: whether this claimer won, and the row now."""

    acquired: bool
    obligation: ObligationRecord


@dataclass(frozen=True, slots=True)
class BudgetState:
    """Caps and spend of one run. A cap <= 0 means no cap."""

    run_id: str
    usd_cap: float = 0.0
    token_cap: int = 0
    usd_spent: float = 0.0
    tokens_spent: int = 0


@dataclass(frozen=True, slots=True)
class AdmitResult:
    """Whether a spend estimate fits the budget; ``reason`` says why not."""

    admitted: bool
    reason: str
    budget: BudgetState


@dataclass(frozen=True, slots=True)
class SignalResult:
    """What ``await_signal`` returns. Not delivered means the run is now WAITING."""

    delivered: bool
    resolution_json: str = ""

    @property
    def resolution(self) -> Any:
        return _parse(self.resolution_json)


@dataclass(frozen=True, slots=True)
class SendSignalResult:
    """What ``send_signal`` returns. ``run_status`` is RUNNABLE when it released the run."""

    accepted: bool
    run_id: str
    run_status: RunStatus


@dataclass(frozen=True, slots=True)
class TimerRecord:
    """One durable timer."""

    run_id: str
    timer_id: str
    fire_at_ms: int
    kind: str
    payload_json: str
    fired: bool
    claimed_by: str
    claim_expires_at_ms: int
    attempts: int
    created_at_ms: int
    fired_at_ms: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "fired", bool(self.fired))

    @property
    def payload(self) -> Any:
        return _parse(self.payload_json, {})


@dataclass(frozen=True, slots=True)
class ValueRecord:
    """One key of the versioned key-value store. A tombstone has ``deleted=True``."""

    namespace: str
    key: str
    value_json: str
    version: int
    ts_ms: int
    writer: str
    deleted: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "deleted", bool(self.deleted))

    @property
    def value(self) -> Any:
        return _parse(self.value_json)


@dataclass(frozen=True, slots=True)
class DeleteValueResult:
    """What ``delete_value`` returns; ``deleted`` is false when the key never existed."""

    deleted: bool
    version: int


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One event of a session."""

    app_name: str
    user_id: str
    session_id: str
    ord: int
    event_id: str
    invocation_id: str
    author: str
    branch: str
    content_json: str
    actions_json: str
    timestamp_ms: int

    @property
    def content(self) -> Any:
        return _parse(self.content_json)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session, its state, and (when asked for) its newest events, oldest first."""

    app_name: str
    user_id: str
    session_id: str
    state_json: str
    created_at_ms: int
    last_update_time_ms: int
    events: tuple[EventRecord, ...] = field(default=())

    @property
    def state(self) -> dict[str, Any]:
        return dict(_parse(self.state_json, {}))


@dataclass(frozen=True, slots=True)
class AppendEventResult:
    """What ``append_event`` returns."""

    event: EventRecord
    last_update_time_ms: int


#: A place in the journal's global order: (xid, global_seq) of a row (tape/store/entries.py).
Position = tuple[int, int]


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One row of the append-only journal."""

    global_seq: int
    run_id: str
    seq: int
    kind: str
    payload_json: str
    ts_ms: int
    subject: str
    schema_version: int = 1
    trace_id: str = ""
    span_id: str = ""
    parent_span_id: str = ""
    #: The writing transaction (Postgres; 0 on SQLite and for rows written before migration
    #: 0028): the global order is (xid, global_seq), see :mod:`tape.models.journal`.
    xid: int = 0

    @property
    def position(self) -> Position:
        """This row's place in the global order."""
        return (self.xid, self.global_seq)

    @property
    def payload(self) -> Any:
        return _parse(self.payload_json, {})
