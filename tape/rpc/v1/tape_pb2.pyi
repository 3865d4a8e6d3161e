from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RunStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RUN_STATUS_UNSPECIFIED: _ClassVar[RunStatus]
    RUN_STATUS_RUNNABLE: _ClassVar[RunStatus]
    RUN_STATUS_RUNNING: _ClassVar[RunStatus]
    RUN_STATUS_WAITING: _ClassVar[RunStatus]
    RUN_STATUS_TERMINAL: _ClassVar[RunStatus]
    RUN_STATUS_FAILED: _ClassVar[RunStatus]
    RUN_STATUS_COMPENSATING: _ClassVar[RunStatus]
    RUN_STATUS_STUCK: _ClassVar[RunStatus]
    RUN_STATUS_CANCELLED: _ClassVar[RunStatus]

class EffectStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EFFECT_STATUS_UNSPECIFIED: _ClassVar[EffectStatus]
    EFFECT_STATUS_PENDING: _ClassVar[EffectStatus]
    EFFECT_STATUS_CONFIRMED: _ClassVar[EffectStatus]
    EFFECT_STATUS_FAILED: _ClassVar[EffectStatus]
    EFFECT_STATUS_UNKNOWN: _ClassVar[EffectStatus]

class EffectSemantics(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EFFECT_SEMANTICS_UNSPECIFIED: _ClassVar[EffectSemantics]
    EFFECT_SEMANTICS_IDEMPOTENT: _ClassVar[EffectSemantics]
    EFFECT_SEMANTICS_NON_IDEMPOTENT: _ClassVar[EffectSemantics]
    EFFECT_SEMANTICS_OBSERVE_ONLY: _ClassVar[EffectSemantics]

class EffectDispatchMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EFFECT_DISPATCH_MODE_UNSPECIFIED: _ClassVar[EffectDispatchMode]
    EFFECT_DISPATCH_MODE_INLINE: _ClassVar[EffectDispatchMode]
    EFFECT_DISPATCH_MODE_OUTBOX: _ClassVar[EffectDispatchMode]

class EffectResolution(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EFFECT_RESOLUTION_UNSPECIFIED: _ClassVar[EffectResolution]
    EFFECT_RESOLUTION_CONFIRMED: _ClassVar[EffectResolution]
    EFFECT_RESOLUTION_FAILED: _ClassVar[EffectResolution]
    EFFECT_RESOLUTION_ABSENT: _ClassVar[EffectResolution]
    EFFECT_RESOLUTION_DUPLICATE: _ClassVar[EffectResolution]
    EFFECT_RESOLUTION_STUCK: _ClassVar[EffectResolution]

class ObligationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OBLIGATION_STATUS_UNSPECIFIED: _ClassVar[ObligationStatus]
    OBLIGATION_STATUS_PENDING: _ClassVar[ObligationStatus]
    OBLIGATION_STATUS_COMMITTED: _ClassVar[ObligationStatus]
    OBLIGATION_STATUS_COMPENSATED: _ClassVar[ObligationStatus]
    OBLIGATION_STATUS_STUCK: _ClassVar[ObligationStatus]

class HandlerKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HANDLER_KIND_UNSPECIFIED: _ClassVar[HandlerKind]
    HANDLER_KIND_AGENT: _ClassVar[HandlerKind]
    HANDLER_KIND_TASK: _ClassVar[HandlerKind]
    HANDLER_KIND_PUBLISH: _ClassVar[HandlerKind]

class TaskStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_STATUS_UNSPECIFIED: _ClassVar[TaskStatus]
    TASK_STATUS_PENDING: _ClassVar[TaskStatus]
    TASK_STATUS_CLAIMED: _ClassVar[TaskStatus]
    TASK_STATUS_DONE: _ClassVar[TaskStatus]
    TASK_STATUS_FAILED: _ClassVar[TaskStatus]
    TASK_STATUS_DLQ: _ClassVar[TaskStatus]
RUN_STATUS_UNSPECIFIED: RunStatus
RUN_STATUS_RUNNABLE: RunStatus
RUN_STATUS_RUNNING: RunStatus
RUN_STATUS_WAITING: RunStatus
RUN_STATUS_TERMINAL: RunStatus
RUN_STATUS_FAILED: RunStatus
RUN_STATUS_COMPENSATING: RunStatus
RUN_STATUS_STUCK: RunStatus
RUN_STATUS_CANCELLED: RunStatus
EFFECT_STATUS_UNSPECIFIED: EffectStatus
EFFECT_STATUS_PENDING: EffectStatus
EFFECT_STATUS_CONFIRMED: EffectStatus
EFFECT_STATUS_FAILED: EffectStatus
EFFECT_STATUS_UNKNOWN: EffectStatus
EFFECT_SEMANTICS_UNSPECIFIED: EffectSemantics
EFFECT_SEMANTICS_IDEMPOTENT: EffectSemantics
EFFECT_SEMANTICS_NON_IDEMPOTENT: EffectSemantics
EFFECT_SEMANTICS_OBSERVE_ONLY: EffectSemantics
EFFECT_DISPATCH_MODE_UNSPECIFIED: EffectDispatchMode
EFFECT_DISPATCH_MODE_INLINE: EffectDispatchMode
EFFECT_DISPATCH_MODE_OUTBOX: EffectDispatchMode
EFFECT_RESOLUTION_UNSPECIFIED: EffectResolution
EFFECT_RESOLUTION_CONFIRMED: EffectResolution
EFFECT_RESOLUTION_FAILED: EffectResolution
EFFECT_RESOLUTION_ABSENT: EffectResolution
EFFECT_RESOLUTION_DUPLICATE: EffectResolution
EFFECT_RESOLUTION_STUCK: EffectResolution
OBLIGATION_STATUS_UNSPECIFIED: ObligationStatus
OBLIGATION_STATUS_PENDING: ObligationStatus
OBLIGATION_STATUS_COMMITTED: ObligationStatus
OBLIGATION_STATUS_COMPENSATED: ObligationStatus
OBLIGATION_STATUS_STUCK: ObligationStatus
HANDLER_KIND_UNSPECIFIED: HandlerKind
HANDLER_KIND_AGENT: HandlerKind
HANDLER_KIND_TASK: HandlerKind
HANDLER_KIND_PUBLISH: HandlerKind
TASK_STATUS_UNSPECIFIED: TaskStatus
TASK_STATUS_PENDING: TaskStatus
TASK_STATUS_CLAIMED: TaskStatus
TASK_STATUS_DONE: TaskStatus
TASK_STATUS_FAILED: TaskStatus
TASK_STATUS_DLQ: TaskStatus

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RunState(_message.Message):
    __slots__ = ("run_id", "app_name", "user_id", "session_id", "invocation_id", "status", "seq_cursor", "lease_owner", "lease_expires_at_ms", "started_at_ms", "ended_at_ms", "waiting_on_gate", "tenant_id", "actor", "subject", "agent_id", "aiplex_instance_id", "gateway_route", "scopes_json", "labels_json", "lease_epoch", "input_json", "detail_json", "compacted_at_ms", "redrive_count")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SEQ_CURSOR_FIELD_NUMBER: _ClassVar[int]
    LEASE_OWNER_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    WAITING_ON_GATE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    AIPLEX_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_ROUTE_FIELD_NUMBER: _ClassVar[int]
    SCOPES_JSON_FIELD_NUMBER: _ClassVar[int]
    LABELS_JSON_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    INPUT_JSON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_JSON_FIELD_NUMBER: _ClassVar[int]
    COMPACTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    REDRIVE_COUNT_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    app_name: str
    user_id: str
    session_id: str
    invocation_id: str
    status: RunStatus
    seq_cursor: int
    lease_owner: str
    lease_expires_at_ms: int
    started_at_ms: int
    ended_at_ms: int
    waiting_on_gate: str
    tenant_id: str
    actor: str
    subject: str
    agent_id: str
    aiplex_instance_id: str
    gateway_route: str
    scopes_json: str
    labels_json: str
    lease_epoch: int
    input_json: str
    detail_json: str
    compacted_at_ms: int
    redrive_count: int
    def __init__(self, run_id: _Optional[str] = ..., app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., invocation_id: _Optional[str] = ..., status: _Optional[_Union[RunStatus, str]] = ..., seq_cursor: _Optional[int] = ..., lease_owner: _Optional[str] = ..., lease_expires_at_ms: _Optional[int] = ..., started_at_ms: _Optional[int] = ..., ended_at_ms: _Optional[int] = ..., waiting_on_gate: _Optional[str] = ..., tenant_id: _Optional[str] = ..., actor: _Optional[str] = ..., subject: _Optional[str] = ..., agent_id: _Optional[str] = ..., aiplex_instance_id: _Optional[str] = ..., gateway_route: _Optional[str] = ..., scopes_json: _Optional[str] = ..., labels_json: _Optional[str] = ..., lease_epoch: _Optional[int] = ..., input_json: _Optional[str] = ..., detail_json: _Optional[str] = ..., compacted_at_ms: _Optional[int] = ..., redrive_count: _Optional[int] = ...) -> None: ...

class JournalEntry(_message.Message):
    __slots__ = ("seq", "kind", "payload_json", "ts_ms", "global_seq", "subject", "schema_version", "trace_id", "span_id", "parent_span_id", "run_id", "xid")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    TS_MS_FIELD_NUMBER: _ClassVar[int]
    GLOBAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    TRACE_ID_FIELD_NUMBER: _ClassVar[int]
    SPAN_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_SPAN_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    XID_FIELD_NUMBER: _ClassVar[int]
    seq: int
    kind: str
    payload_json: str
    ts_ms: int
    global_seq: int
    subject: str
    schema_version: int
    trace_id: str
    span_id: str
    parent_span_id: str
    run_id: str
    xid: int
    def __init__(self, seq: _Optional[int] = ..., kind: _Optional[str] = ..., payload_json: _Optional[str] = ..., ts_ms: _Optional[int] = ..., global_seq: _Optional[int] = ..., subject: _Optional[str] = ..., schema_version: _Optional[int] = ..., trace_id: _Optional[str] = ..., span_id: _Optional[str] = ..., parent_span_id: _Optional[str] = ..., run_id: _Optional[str] = ..., xid: _Optional[int] = ...) -> None: ...

class DecisionRecord(_message.Message):
    __slots__ = ("run_id", "seq", "decision_index", "model", "request_json", "response_json", "rationale", "policy_version", "ts_ms", "request_digest")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    DECISION_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    REQUEST_JSON_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    TS_MS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_DIGEST_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    seq: int
    decision_index: int
    model: str
    request_json: str
    response_json: str
    rationale: str
    policy_version: str
    ts_ms: int
    request_digest: str
    def __init__(self, run_id: _Optional[str] = ..., seq: _Optional[int] = ..., decision_index: _Optional[int] = ..., model: _Optional[str] = ..., request_json: _Optional[str] = ..., response_json: _Optional[str] = ..., rationale: _Optional[str] = ..., policy_version: _Optional[str] = ..., ts_ms: _Optional[int] = ..., request_digest: _Optional[str] = ...) -> None: ...

class EffectRecord(_message.Message):
    __slots__ = ("run_id", "seq", "decision_index", "tool_name", "idempotency_key", "status", "request_json", "response_json", "error_json", "ts_ms", "semantics", "dispatch_mode", "business_key", "connector", "dispatch_attempts", "next_dispatch_at_ms", "external_ref", "dispatch_claimed_by", "dispatch_claim_expires_at_ms", "last_dispatch_error", "call_index", "scope", "compensate_kind", "max_attempts", "dispatch_timeout_ms", "last_dispatch_at_ms", "reconcile_attempts", "next_reconcile_at_ms", "stuck_at_ms", "created_at_ms", "request_digest")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    DECISION_INDEX_FIELD_NUMBER: _ClassVar[int]
    TOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_JSON_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    ERROR_JSON_FIELD_NUMBER: _ClassVar[int]
    TS_MS_FIELD_NUMBER: _ClassVar[int]
    SEMANTICS_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_MODE_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CONNECTOR_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_DISPATCH_AT_MS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_CLAIMED_BY_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_CLAIM_EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_DISPATCH_ERROR_FIELD_NUMBER: _ClassVar[int]
    CALL_INDEX_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    COMPENSATE_KIND_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_DISPATCH_AT_MS_FIELD_NUMBER: _ClassVar[int]
    RECONCILE_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_RECONCILE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    STUCK_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_DIGEST_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    seq: int
    decision_index: int
    tool_name: str
    idempotency_key: str
    status: EffectStatus
    request_json: str
    response_json: str
    error_json: str
    ts_ms: int
    semantics: EffectSemantics
    dispatch_mode: EffectDispatchMode
    business_key: str
    connector: str
    dispatch_attempts: int
    next_dispatch_at_ms: int
    external_ref: str
    dispatch_claimed_by: str
    dispatch_claim_expires_at_ms: int
    last_dispatch_error: str
    call_index: int
    scope: str
    compensate_kind: str
    max_attempts: int
    dispatch_timeout_ms: int
    last_dispatch_at_ms: int
    reconcile_attempts: int
    next_reconcile_at_ms: int
    stuck_at_ms: int
    created_at_ms: int
    request_digest: str
    def __init__(self, run_id: _Optional[str] = ..., seq: _Optional[int] = ..., decision_index: _Optional[int] = ..., tool_name: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., status: _Optional[_Union[EffectStatus, str]] = ..., request_json: _Optional[str] = ..., response_json: _Optional[str] = ..., error_json: _Optional[str] = ..., ts_ms: _Optional[int] = ..., semantics: _Optional[_Union[EffectSemantics, str]] = ..., dispatch_mode: _Optional[_Union[EffectDispatchMode, str]] = ..., business_key: _Optional[str] = ..., connector: _Optional[str] = ..., dispatch_attempts: _Optional[int] = ..., next_dispatch_at_ms: _Optional[int] = ..., external_ref: _Optional[str] = ..., dispatch_claimed_by: _Optional[str] = ..., dispatch_claim_expires_at_ms: _Optional[int] = ..., last_dispatch_error: _Optional[str] = ..., call_index: _Optional[int] = ..., scope: _Optional[str] = ..., compensate_kind: _Optional[str] = ..., max_attempts: _Optional[int] = ..., dispatch_timeout_ms: _Optional[int] = ..., last_dispatch_at_ms: _Optional[int] = ..., reconcile_attempts: _Optional[int] = ..., next_reconcile_at_ms: _Optional[int] = ..., stuck_at_ms: _Optional[int] = ..., created_at_ms: _Optional[int] = ..., request_digest: _Optional[str] = ...) -> None: ...

class ObligationRecord(_message.Message):
    __slots__ = ("run_id", "seq", "effect_key", "kind", "payload_json", "status", "ts_ms", "compensator_ref", "attempts", "max_attempts", "next_attempt_at_ms", "last_error", "claimed_by", "claim_expires_at_ms", "result_json", "held", "created_at_ms")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    EFFECT_KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TS_MS_FIELD_NUMBER: _ClassVar[int]
    COMPENSATOR_REF_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_BY_FIELD_NUMBER: _ClassVar[int]
    CLAIM_EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    RESULT_JSON_FIELD_NUMBER: _ClassVar[int]
    HELD_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
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
    held: bool
    created_at_ms: int
    def __init__(self, run_id: _Optional[str] = ..., seq: _Optional[int] = ..., effect_key: _Optional[str] = ..., kind: _Optional[str] = ..., payload_json: _Optional[str] = ..., status: _Optional[_Union[ObligationStatus, str]] = ..., ts_ms: _Optional[int] = ..., compensator_ref: _Optional[str] = ..., attempts: _Optional[int] = ..., max_attempts: _Optional[int] = ..., next_attempt_at_ms: _Optional[int] = ..., last_error: _Optional[str] = ..., claimed_by: _Optional[str] = ..., claim_expires_at_ms: _Optional[int] = ..., result_json: _Optional[str] = ..., held: _Optional[bool] = ..., created_at_ms: _Optional[int] = ...) -> None: ...

class BudgetState(_message.Message):
    __slots__ = ("run_id", "usd_cap", "token_cap", "usd_spent", "tokens_spent")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    USD_CAP_FIELD_NUMBER: _ClassVar[int]
    TOKEN_CAP_FIELD_NUMBER: _ClassVar[int]
    USD_SPENT_FIELD_NUMBER: _ClassVar[int]
    TOKENS_SPENT_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    usd_cap: float
    token_cap: int
    usd_spent: float
    tokens_spent: int
    def __init__(self, run_id: _Optional[str] = ..., usd_cap: _Optional[float] = ..., token_cap: _Optional[int] = ..., usd_spent: _Optional[float] = ..., tokens_spent: _Optional[int] = ...) -> None: ...

class TimerRecord(_message.Message):
    __slots__ = ("run_id", "timer_id", "fire_at_ms", "kind", "payload_json", "fired", "created_at_ms", "claimed_by", "claim_expires_at_ms", "attempts", "fired_at_ms")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TIMER_ID_FIELD_NUMBER: _ClassVar[int]
    FIRE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    FIRED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_BY_FIELD_NUMBER: _ClassVar[int]
    CLAIM_EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    FIRED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    timer_id: str
    fire_at_ms: int
    kind: str
    payload_json: str
    fired: bool
    created_at_ms: int
    claimed_by: str
    claim_expires_at_ms: int
    attempts: int
    fired_at_ms: int
    def __init__(self, run_id: _Optional[str] = ..., timer_id: _Optional[str] = ..., fire_at_ms: _Optional[int] = ..., kind: _Optional[str] = ..., payload_json: _Optional[str] = ..., fired: _Optional[bool] = ..., created_at_ms: _Optional[int] = ..., claimed_by: _Optional[str] = ..., claim_expires_at_ms: _Optional[int] = ..., attempts: _Optional[int] = ..., fired_at_ms: _Optional[int] = ...) -> None: ...

class ValueRecord(_message.Message):
    __slots__ = ("namespace", "key", "value_json", "version", "ts_ms", "writer", "deleted")
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_JSON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TS_MS_FIELD_NUMBER: _ClassVar[int]
    WRITER_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    key: str
    value_json: str
    version: int
    ts_ms: int
    writer: str
    deleted: bool
    def __init__(self, namespace: _Optional[str] = ..., key: _Optional[str] = ..., value_json: _Optional[str] = ..., version: _Optional[int] = ..., ts_ms: _Optional[int] = ..., writer: _Optional[str] = ..., deleted: _Optional[bool] = ...) -> None: ...

class EventRecord(_message.Message):
    __slots__ = ("id", "invocation_id", "author", "branch", "content_json", "actions_json", "timestamp_ms", "ord", "app_name", "user_id", "session_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    BRANCH_FIELD_NUMBER: _ClassVar[int]
    CONTENT_JSON_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_JSON_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    ORD_FIELD_NUMBER: _ClassVar[int]
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    invocation_id: str
    author: str
    branch: str
    content_json: str
    actions_json: str
    timestamp_ms: int
    ord: int
    app_name: str
    user_id: str
    session_id: str
    def __init__(self, id: _Optional[str] = ..., invocation_id: _Optional[str] = ..., author: _Optional[str] = ..., branch: _Optional[str] = ..., content_json: _Optional[str] = ..., actions_json: _Optional[str] = ..., timestamp_ms: _Optional[int] = ..., ord: _Optional[int] = ..., app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ("app_name", "user_id", "session_id", "state_json", "events", "last_update_time_ms", "created_at_ms")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_JSON_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATE_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    session_id: str
    state_json: str
    events: _containers.RepeatedCompositeFieldContainer[EventRecord]
    last_update_time_ms: int
    created_at_ms: int
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., state_json: _Optional[str] = ..., events: _Optional[_Iterable[_Union[EventRecord, _Mapping]]] = ..., last_update_time_ms: _Optional[int] = ..., created_at_ms: _Optional[int] = ...) -> None: ...

class BeginRunRequest(_message.Message):
    __slots__ = ("app_name", "user_id", "session_id", "invocation_id", "lease_owner", "lease_ttl_ms", "tenant_id", "actor", "subject", "agent_id", "aiplex_instance_id", "gateway_route", "scopes", "labels", "input_json")
    class LabelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_OWNER_FIELD_NUMBER: _ClassVar[int]
    LEASE_TTL_MS_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    AIPLEX_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_ROUTE_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    INPUT_JSON_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    session_id: str
    invocation_id: str
    lease_owner: str
    lease_ttl_ms: int
    tenant_id: str
    actor: str
    subject: str
    agent_id: str
    aiplex_instance_id: str
    gateway_route: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    labels: _containers.ScalarMap[str, str]
    input_json: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., invocation_id: _Optional[str] = ..., lease_owner: _Optional[str] = ..., lease_ttl_ms: _Optional[int] = ..., tenant_id: _Optional[str] = ..., actor: _Optional[str] = ..., subject: _Optional[str] = ..., agent_id: _Optional[str] = ..., aiplex_instance_id: _Optional[str] = ..., gateway_route: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., labels: _Optional[_Mapping[str, str]] = ..., input_json: _Optional[str] = ...) -> None: ...

class BeginRunResponse(_message.Message):
    __slots__ = ("run_id", "resumed", "next_seq", "status", "lease_epoch", "run")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    RESUMED_FIELD_NUMBER: _ClassVar[int]
    NEXT_SEQ_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    RUN_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    resumed: bool
    next_seq: int
    status: RunStatus
    lease_epoch: int
    run: RunState
    def __init__(self, run_id: _Optional[str] = ..., resumed: _Optional[bool] = ..., next_seq: _Optional[int] = ..., status: _Optional[_Union[RunStatus, str]] = ..., lease_epoch: _Optional[int] = ..., run: _Optional[_Union[RunState, _Mapping]] = ...) -> None: ...

class CreateRunRequest(_message.Message):
    __slots__ = ("app_name", "invocation_id", "user_id", "session_id", "input_json", "labels", "scopes")
    class LabelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    INPUT_JSON_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    invocation_id: str
    user_id: str
    session_id: str
    input_json: str
    labels: _containers.ScalarMap[str, str]
    scopes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, app_name: _Optional[str] = ..., invocation_id: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., input_json: _Optional[str] = ..., labels: _Optional[_Mapping[str, str]] = ..., scopes: _Optional[_Iterable[str]] = ...) -> None: ...

class ResumeRunRequest(_message.Message):
    __slots__ = ("run_id", "lease_owner", "lease_ttl_ms", "lease_epoch", "takeover_from")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_OWNER_FIELD_NUMBER: _ClassVar[int]
    LEASE_TTL_MS_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    TAKEOVER_FROM_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    lease_owner: str
    lease_ttl_ms: int
    lease_epoch: int
    takeover_from: str
    def __init__(self, run_id: _Optional[str] = ..., lease_owner: _Optional[str] = ..., lease_ttl_ms: _Optional[int] = ..., lease_epoch: _Optional[int] = ..., takeover_from: _Optional[str] = ...) -> None: ...

class ResumeRunResponse(_message.Message):
    __slots__ = ("run",)
    RUN_FIELD_NUMBER: _ClassVar[int]
    run: RunState
    def __init__(self, run: _Optional[_Union[RunState, _Mapping]] = ...) -> None: ...

class EndRunRequest(_message.Message):
    __slots__ = ("run_id", "status", "detail_json", "lease_epoch")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_JSON_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    status: RunStatus
    detail_json: str
    lease_epoch: int
    def __init__(self, run_id: _Optional[str] = ..., status: _Optional[_Union[RunStatus, str]] = ..., detail_json: _Optional[str] = ..., lease_epoch: _Optional[int] = ...) -> None: ...

class EndRunResponse(_message.Message):
    __slots__ = ("run",)
    RUN_FIELD_NUMBER: _ClassVar[int]
    run: RunState
    def __init__(self, run: _Optional[_Union[RunState, _Mapping]] = ...) -> None: ...

class GetRunRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class ReleaseRunRequest(_message.Message):
    __slots__ = ("run_id", "operator", "note")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    operator: str
    note: str
    def __init__(self, run_id: _Optional[str] = ..., operator: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ListRunsRequest(_message.Message):
    __slots__ = ("statuses", "limit")
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    statuses: _containers.RepeatedScalarFieldContainer[RunStatus]
    limit: int
    def __init__(self, statuses: _Optional[_Iterable[_Union[RunStatus, str]]] = ..., limit: _Optional[int] = ...) -> None: ...

class ListRunsResponse(_message.Message):
    __slots__ = ("runs",)
    RUNS_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[RunState]
    def __init__(self, runs: _Optional[_Iterable[_Union[RunState, _Mapping]]] = ...) -> None: ...

class ListRunsToRecoverRequest(_message.Message):
    __slots__ = ("limit", "now_ms")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    NOW_MS_FIELD_NUMBER: _ClassVar[int]
    limit: int
    now_ms: int
    def __init__(self, limit: _Optional[int] = ..., now_ms: _Optional[int] = ...) -> None: ...

class ListRunsToRecoverResponse(_message.Message):
    __slots__ = ("runs",)
    RUNS_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[RunState]
    def __init__(self, runs: _Optional[_Iterable[_Union[RunState, _Mapping]]] = ...) -> None: ...

class SubscribeRunRequest(_message.Message):
    __slots__ = ("run_id", "from_seq")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_SEQ_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    from_seq: int
    def __init__(self, run_id: _Optional[str] = ..., from_seq: _Optional[int] = ...) -> None: ...

class ListCompactableRunsRequest(_message.Message):
    __slots__ = ("before_ms", "limit")
    BEFORE_MS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    before_ms: int
    limit: int
    def __init__(self, before_ms: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class CompactRunRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class CompactRunResponse(_message.Message):
    __slots__ = ("decisions_zeroed", "effects_zeroed", "bytes_saved", "already_compacted", "run_id", "compacted_at_ms")
    DECISIONS_ZEROED_FIELD_NUMBER: _ClassVar[int]
    EFFECTS_ZEROED_FIELD_NUMBER: _ClassVar[int]
    BYTES_SAVED_FIELD_NUMBER: _ClassVar[int]
    ALREADY_COMPACTED_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    COMPACTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    decisions_zeroed: int
    effects_zeroed: int
    bytes_saved: int
    already_compacted: bool
    run_id: str
    compacted_at_ms: int
    def __init__(self, decisions_zeroed: _Optional[int] = ..., effects_zeroed: _Optional[int] = ..., bytes_saved: _Optional[int] = ..., already_compacted: _Optional[bool] = ..., run_id: _Optional[str] = ..., compacted_at_ms: _Optional[int] = ...) -> None: ...

class RequestRedriveRequest(_message.Message):
    __slots__ = ("run_id", "reason")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    reason: str
    def __init__(self, run_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RequestRedriveResponse(_message.Message):
    __slots__ = ("requested", "run")
    REQUESTED_FIELD_NUMBER: _ClassVar[int]
    RUN_FIELD_NUMBER: _ClassVar[int]
    requested: bool
    run: RunState
    def __init__(self, requested: _Optional[bool] = ..., run: _Optional[_Union[RunState, _Mapping]] = ...) -> None: ...

class CountRedriveRequest(_message.Message):
    __slots__ = ("run_id", "lease_epoch")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    lease_epoch: int
    def __init__(self, run_id: _Optional[str] = ..., lease_epoch: _Optional[int] = ...) -> None: ...

class RecordDecisionRequest(_message.Message):
    __slots__ = ("run_id", "decision_index", "model", "request_json", "response_json", "rationale", "policy_version", "lease_epoch")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    REQUEST_JSON_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    decision_index: int
    model: str
    request_json: str
    response_json: str
    rationale: str
    policy_version: str
    lease_epoch: int
    def __init__(self, run_id: _Optional[str] = ..., decision_index: _Optional[int] = ..., model: _Optional[str] = ..., request_json: _Optional[str] = ..., response_json: _Optional[str] = ..., rationale: _Optional[str] = ..., policy_version: _Optional[str] = ..., lease_epoch: _Optional[int] = ...) -> None: ...

class GetDecisionRequest(_message.Message):
    __slots__ = ("run_id", "decision_index")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INDEX_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    decision_index: int
    def __init__(self, run_id: _Optional[str] = ..., decision_index: _Optional[int] = ...) -> None: ...

class GetDecisionResponse(_message.Message):
    __slots__ = ("found", "decision")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    found: bool
    decision: DecisionRecord
    def __init__(self, found: _Optional[bool] = ..., decision: _Optional[_Union[DecisionRecord, _Mapping]] = ...) -> None: ...

class CountDecisionsRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class CountResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class BeginEffectRequest(_message.Message):
    __slots__ = ("run_id", "decision_index", "tool_name", "call_index", "request_json", "custom_key", "semantics", "dispatch_mode", "business_key", "connector", "scope", "compensate_kind", "max_attempts", "dispatch_timeout_ms", "lease_epoch", "match")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INDEX_FIELD_NUMBER: _ClassVar[int]
    TOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    CALL_INDEX_FIELD_NUMBER: _ClassVar[int]
    REQUEST_JSON_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_KEY_FIELD_NUMBER: _ClassVar[int]
    SEMANTICS_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_MODE_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CONNECTOR_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    COMPENSATE_KIND_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    decision_index: int
    tool_name: str
    call_index: int
    request_json: str
    custom_key: str
    semantics: EffectSemantics
    dispatch_mode: EffectDispatchMode
    business_key: str
    connector: str
    scope: str
    compensate_kind: str
    max_attempts: int
    dispatch_timeout_ms: int
    lease_epoch: int
    match: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, run_id: _Optional[str] = ..., decision_index: _Optional[int] = ..., tool_name: _Optional[str] = ..., call_index: _Optional[int] = ..., request_json: _Optional[str] = ..., custom_key: _Optional[str] = ..., semantics: _Optional[_Union[EffectSemantics, str]] = ..., dispatch_mode: _Optional[_Union[EffectDispatchMode, str]] = ..., business_key: _Optional[str] = ..., connector: _Optional[str] = ..., scope: _Optional[str] = ..., compensate_kind: _Optional[str] = ..., max_attempts: _Optional[int] = ..., dispatch_timeout_ms: _Optional[int] = ..., lease_epoch: _Optional[int] = ..., match: _Optional[_Iterable[str]] = ...) -> None: ...

class BeginEffectResponse(_message.Message):
    __slots__ = ("seq", "idempotency_key", "status", "response_json", "error_json", "effect")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    ERROR_JSON_FIELD_NUMBER: _ClassVar[int]
    EFFECT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    idempotency_key: str
    status: EffectStatus
    response_json: str
    error_json: str
    effect: EffectRecord
    def __init__(self, seq: _Optional[int] = ..., idempotency_key: _Optional[str] = ..., status: _Optional[_Union[EffectStatus, str]] = ..., response_json: _Optional[str] = ..., error_json: _Optional[str] = ..., effect: _Optional[_Union[EffectRecord, _Mapping]] = ...) -> None: ...

class BeginEffectsRequest(_message.Message):
    __slots__ = ("effects",)
    EFFECTS_FIELD_NUMBER: _ClassVar[int]
    effects: _containers.RepeatedCompositeFieldContainer[BeginEffectRequest]
    def __init__(self, effects: _Optional[_Iterable[_Union[BeginEffectRequest, _Mapping]]] = ...) -> None: ...

class EffectList(_message.Message):
    __slots__ = ("effects",)
    EFFECTS_FIELD_NUMBER: _ClassVar[int]
    effects: _containers.RepeatedCompositeFieldContainer[EffectRecord]
    def __init__(self, effects: _Optional[_Iterable[_Union[EffectRecord, _Mapping]]] = ...) -> None: ...

class CompleteEffectRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "status", "response_json", "error_json", "external_ref", "claimer", "lease_epoch", "compensation_payload_json")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    ERROR_JSON_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    COMPENSATION_PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    status: EffectStatus
    response_json: str
    error_json: str
    external_ref: str
    claimer: str
    lease_epoch: int
    compensation_payload_json: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., status: _Optional[_Union[EffectStatus, str]] = ..., response_json: _Optional[str] = ..., error_json: _Optional[str] = ..., external_ref: _Optional[str] = ..., claimer: _Optional[str] = ..., lease_epoch: _Optional[int] = ..., compensation_payload_json: _Optional[str] = ...) -> None: ...

class GetEffectRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class GetEffectResponse(_message.Message):
    __slots__ = ("found", "effect")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    EFFECT_FIELD_NUMBER: _ClassVar[int]
    found: bool
    effect: EffectRecord
    def __init__(self, found: _Optional[bool] = ..., effect: _Optional[_Union[EffectRecord, _Mapping]] = ...) -> None: ...

class ListEffectsRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class ReconcileEffectRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "resolved_status", "response_json", "error_json", "operator", "note")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_STATUS_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    ERROR_JSON_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    resolved_status: EffectStatus
    response_json: str
    error_json: str
    operator: str
    note: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., resolved_status: _Optional[_Union[EffectStatus, str]] = ..., response_json: _Optional[str] = ..., error_json: _Optional[str] = ..., operator: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ListPendingEffectsRequest(_message.Message):
    __slots__ = ("older_than_ms", "limit", "include_pending", "include_unknown", "due_by_ms")
    OLDER_THAN_MS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PENDING_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_UNKNOWN_FIELD_NUMBER: _ClassVar[int]
    DUE_BY_MS_FIELD_NUMBER: _ClassVar[int]
    older_than_ms: int
    limit: int
    include_pending: bool
    include_unknown: bool
    due_by_ms: int
    def __init__(self, older_than_ms: _Optional[int] = ..., limit: _Optional[int] = ..., include_pending: _Optional[bool] = ..., include_unknown: _Optional[bool] = ..., due_by_ms: _Optional[int] = ...) -> None: ...

class ListPendingEffectsResponse(_message.Message):
    __slots__ = ("effects",)
    EFFECTS_FIELD_NUMBER: _ClassVar[int]
    effects: _containers.RepeatedCompositeFieldContainer[EffectRecord]
    def __init__(self, effects: _Optional[_Iterable[_Union[EffectRecord, _Mapping]]] = ...) -> None: ...

class ClaimEffectsToReconcileRequest(_message.Message):
    __slots__ = ("limit", "lease_ms", "pending_older_than_ms")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    LEASE_MS_FIELD_NUMBER: _ClassVar[int]
    PENDING_OLDER_THAN_MS_FIELD_NUMBER: _ClassVar[int]
    limit: int
    lease_ms: int
    pending_older_than_ms: int
    def __init__(self, limit: _Optional[int] = ..., lease_ms: _Optional[int] = ..., pending_older_than_ms: _Optional[int] = ...) -> None: ...

class ClaimEffectToReconcileRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "lease_ms")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    LEASE_MS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    lease_ms: int
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., lease_ms: _Optional[int] = ...) -> None: ...

class ResolveEffectRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "action", "operator", "note", "response_json", "external_ref")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    action: str
    operator: str
    note: str
    response_json: str
    external_ref: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., action: _Optional[str] = ..., operator: _Optional[str] = ..., note: _Optional[str] = ..., response_json: _Optional[str] = ..., external_ref: _Optional[str] = ...) -> None: ...

class ListEffectsToDispatchRequest(_message.Message):
    __slots__ = ("now_ms", "limit", "connector", "connectors", "exclude_connectors", "max_attempts")
    NOW_MS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CONNECTOR_FIELD_NUMBER: _ClassVar[int]
    CONNECTORS_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_CONNECTORS_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    now_ms: int
    limit: int
    connector: str
    connectors: _containers.RepeatedScalarFieldContainer[str]
    exclude_connectors: _containers.RepeatedScalarFieldContainer[str]
    max_attempts: int
    def __init__(self, now_ms: _Optional[int] = ..., limit: _Optional[int] = ..., connector: _Optional[str] = ..., connectors: _Optional[_Iterable[str]] = ..., exclude_connectors: _Optional[_Iterable[str]] = ..., max_attempts: _Optional[int] = ...) -> None: ...

class ListEffectsToDispatchResponse(_message.Message):
    __slots__ = ("effects",)
    EFFECTS_FIELD_NUMBER: _ClassVar[int]
    effects: _containers.RepeatedCompositeFieldContainer[EffectRecord]
    def __init__(self, effects: _Optional[_Iterable[_Union[EffectRecord, _Mapping]]] = ...) -> None: ...

class ClaimEffectDispatchRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "claimer", "lease_ttl_ms", "max_attempts", "key")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    LEASE_TTL_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    claimer: str
    lease_ttl_ms: int
    max_attempts: int
    key: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., claimer: _Optional[str] = ..., lease_ttl_ms: _Optional[int] = ..., max_attempts: _Optional[int] = ..., key: _Optional[str] = ...) -> None: ...

class ClaimEffectDispatchResponse(_message.Message):
    __slots__ = ("acquired", "effect")
    ACQUIRED_FIELD_NUMBER: _ClassVar[int]
    EFFECT_FIELD_NUMBER: _ClassVar[int]
    acquired: bool
    effect: EffectRecord
    def __init__(self, acquired: _Optional[bool] = ..., effect: _Optional[_Union[EffectRecord, _Mapping]] = ...) -> None: ...

class ClaimEffectsToDispatchRequest(_message.Message):
    __slots__ = ("claimer", "limit", "connector", "connectors", "lease_ttl_ms", "max_attempts")
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CONNECTOR_FIELD_NUMBER: _ClassVar[int]
    CONNECTORS_FIELD_NUMBER: _ClassVar[int]
    LEASE_TTL_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    claimer: str
    limit: int
    connector: str
    connectors: _containers.RepeatedScalarFieldContainer[str]
    lease_ttl_ms: int
    max_attempts: int
    def __init__(self, claimer: _Optional[str] = ..., limit: _Optional[int] = ..., connector: _Optional[str] = ..., connectors: _Optional[_Iterable[str]] = ..., lease_ttl_ms: _Optional[int] = ..., max_attempts: _Optional[int] = ...) -> None: ...

class RecordDispatchAttemptRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "error", "next_dispatch_at_ms", "claimer", "key")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    NEXT_DISPATCH_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    error: str
    next_dispatch_at_ms: int
    claimer: str
    key: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., error: _Optional[str] = ..., next_dispatch_at_ms: _Optional[int] = ..., claimer: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class RecordExternalObservationRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "resolution", "external_ref", "response_json", "error_json", "compensate_on_duplicate_kind", "observed_by", "key", "observation_json")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    ERROR_JSON_FIELD_NUMBER: _ClassVar[int]
    COMPENSATE_ON_DUPLICATE_KIND_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_BY_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_JSON_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    resolution: EffectResolution
    external_ref: str
    response_json: str
    error_json: str
    compensate_on_duplicate_kind: str
    observed_by: str
    key: str
    observation_json: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., resolution: _Optional[_Union[EffectResolution, str]] = ..., external_ref: _Optional[str] = ..., response_json: _Optional[str] = ..., error_json: _Optional[str] = ..., compensate_on_duplicate_kind: _Optional[str] = ..., observed_by: _Optional[str] = ..., key: _Optional[str] = ..., observation_json: _Optional[str] = ...) -> None: ...

class DispatchOutcome(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "kind", "response_json", "error", "external_ref", "next_dispatch_at_ms", "compensate_kind", "compensate_payload_json")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    NEXT_DISPATCH_AT_MS_FIELD_NUMBER: _ClassVar[int]
    COMPENSATE_KIND_FIELD_NUMBER: _ClassVar[int]
    COMPENSATE_PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    kind: str
    response_json: str
    error: str
    external_ref: str
    next_dispatch_at_ms: int
    compensate_kind: str
    compensate_payload_json: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., kind: _Optional[str] = ..., response_json: _Optional[str] = ..., error: _Optional[str] = ..., external_ref: _Optional[str] = ..., next_dispatch_at_ms: _Optional[int] = ..., compensate_kind: _Optional[str] = ..., compensate_payload_json: _Optional[str] = ...) -> None: ...

class RecordDispatchOutcomesRequest(_message.Message):
    __slots__ = ("outcomes", "claimer")
    OUTCOMES_FIELD_NUMBER: _ClassVar[int]
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    outcomes: _containers.RepeatedCompositeFieldContainer[DispatchOutcome]
    claimer: str
    def __init__(self, outcomes: _Optional[_Iterable[_Union[DispatchOutcome, _Mapping]]] = ..., claimer: _Optional[str] = ...) -> None: ...

class RecordedOutcome(_message.Message):
    __slots__ = ("found", "effect")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    EFFECT_FIELD_NUMBER: _ClassVar[int]
    found: bool
    effect: EffectRecord
    def __init__(self, found: _Optional[bool] = ..., effect: _Optional[_Union[EffectRecord, _Mapping]] = ...) -> None: ...

class RecordDispatchOutcomesResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[RecordedOutcome]
    def __init__(self, results: _Optional[_Iterable[_Union[RecordedOutcome, _Mapping]]] = ...) -> None: ...

class ExpireDispatchClaimsRequest(_message.Message):
    __slots__ = ("limit", "max_attempts")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    limit: int
    max_attempts: int
    def __init__(self, limit: _Optional[int] = ..., max_attempts: _Optional[int] = ...) -> None: ...

class RegisterCompensationRequest(_message.Message):
    __slots__ = ("run_id", "effect_key", "kind", "payload_json", "compensator_ref", "max_attempts", "due")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    EFFECT_KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    COMPENSATOR_REF_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    effect_key: str
    kind: str
    payload_json: str
    compensator_ref: str
    max_attempts: int
    due: bool
    def __init__(self, run_id: _Optional[str] = ..., effect_key: _Optional[str] = ..., kind: _Optional[str] = ..., payload_json: _Optional[str] = ..., compensator_ref: _Optional[str] = ..., max_attempts: _Optional[int] = ..., due: _Optional[bool] = ...) -> None: ...

class ListObligationsRequest(_message.Message):
    __slots__ = ("run_id", "only_unresolved", "status_filter")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    ONLY_UNRESOLVED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FILTER_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    only_unresolved: bool
    status_filter: ObligationStatus
    def __init__(self, run_id: _Optional[str] = ..., only_unresolved: _Optional[bool] = ..., status_filter: _Optional[_Union[ObligationStatus, str]] = ...) -> None: ...

class ListObligationsResponse(_message.Message):
    __slots__ = ("obligations",)
    OBLIGATIONS_FIELD_NUMBER: _ClassVar[int]
    obligations: _containers.RepeatedCompositeFieldContainer[ObligationRecord]
    def __init__(self, obligations: _Optional[_Iterable[_Union[ObligationRecord, _Mapping]]] = ...) -> None: ...

class ResolveObligationRequest(_message.Message):
    __slots__ = ("run_id", "obligation_seq", "status", "result_json", "operator", "note")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    OBLIGATION_SEQ_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESULT_JSON_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    obligation_seq: int
    status: ObligationStatus
    result_json: str
    operator: str
    note: str
    def __init__(self, run_id: _Optional[str] = ..., obligation_seq: _Optional[int] = ..., status: _Optional[_Union[ObligationStatus, str]] = ..., result_json: _Optional[str] = ..., operator: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ListUnresolvedObligationsRequest(_message.Message):
    __slots__ = ("limit", "now_ms", "include_pending", "include_stuck", "include_committed_expired")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    NOW_MS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PENDING_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_STUCK_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_COMMITTED_EXPIRED_FIELD_NUMBER: _ClassVar[int]
    limit: int
    now_ms: int
    include_pending: bool
    include_stuck: bool
    include_committed_expired: bool
    def __init__(self, limit: _Optional[int] = ..., now_ms: _Optional[int] = ..., include_pending: _Optional[bool] = ..., include_stuck: _Optional[bool] = ..., include_committed_expired: _Optional[bool] = ...) -> None: ...

class ListUnresolvedObligationsResponse(_message.Message):
    __slots__ = ("obligations",)
    OBLIGATIONS_FIELD_NUMBER: _ClassVar[int]
    obligations: _containers.RepeatedCompositeFieldContainer[ObligationRecord]
    def __init__(self, obligations: _Optional[_Iterable[_Union[ObligationRecord, _Mapping]]] = ...) -> None: ...

class ClaimObligationRequest(_message.Message):
    __slots__ = ("run_id", "obligation_seq", "claimer", "lease_ttl_ms")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    OBLIGATION_SEQ_FIELD_NUMBER: _ClassVar[int]
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    LEASE_TTL_MS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    obligation_seq: int
    claimer: str
    lease_ttl_ms: int
    def __init__(self, run_id: _Optional[str] = ..., obligation_seq: _Optional[int] = ..., claimer: _Optional[str] = ..., lease_ttl_ms: _Optional[int] = ...) -> None: ...

class ClaimObligationResponse(_message.Message):
    __slots__ = ("acquired", "obligation")
    ACQUIRED_FIELD_NUMBER: _ClassVar[int]
    OBLIGATION_FIELD_NUMBER: _ClassVar[int]
    acquired: bool
    obligation: ObligationRecord
    def __init__(self, acquired: _Optional[bool] = ..., obligation: _Optional[_Union[ObligationRecord, _Mapping]] = ...) -> None: ...

class RecordObligationAttemptRequest(_message.Message):
    __slots__ = ("run_id", "obligation_seq", "error", "next_attempt_at_ms", "claimer")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    OBLIGATION_SEQ_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    obligation_seq: int
    error: str
    next_attempt_at_ms: int
    claimer: str
    def __init__(self, run_id: _Optional[str] = ..., obligation_seq: _Optional[int] = ..., error: _Optional[str] = ..., next_attempt_at_ms: _Optional[int] = ..., claimer: _Optional[str] = ...) -> None: ...

class SettleCompensatingRunsRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class SetBudgetRequest(_message.Message):
    __slots__ = ("run_id", "usd_cap", "token_cap")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    USD_CAP_FIELD_NUMBER: _ClassVar[int]
    TOKEN_CAP_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    usd_cap: float
    token_cap: int
    def __init__(self, run_id: _Optional[str] = ..., usd_cap: _Optional[float] = ..., token_cap: _Optional[int] = ...) -> None: ...

class GetBudgetRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class AdmitBudgetRequest(_message.Message):
    __slots__ = ("run_id", "usd_estimate", "token_estimate")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    USD_ESTIMATE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ESTIMATE_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    usd_estimate: float
    token_estimate: int
    def __init__(self, run_id: _Optional[str] = ..., usd_estimate: _Optional[float] = ..., token_estimate: _Optional[int] = ...) -> None: ...

class AdmitBudgetResponse(_message.Message):
    __slots__ = ("admitted", "reason", "budget")
    ADMITTED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FIELD_NUMBER: _ClassVar[int]
    admitted: bool
    reason: str
    budget: BudgetState
    def __init__(self, admitted: _Optional[bool] = ..., reason: _Optional[str] = ..., budget: _Optional[_Union[BudgetState, _Mapping]] = ...) -> None: ...

class ChargeBudgetRequest(_message.Message):
    __slots__ = ("run_id", "usd", "tokens")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    USD_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    usd: float
    tokens: int
    def __init__(self, run_id: _Optional[str] = ..., usd: _Optional[float] = ..., tokens: _Optional[int] = ...) -> None: ...

class StampRunVersionRequest(_message.Message):
    __slots__ = ("run_id", "version", "lease_epoch")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    version: str
    lease_epoch: int
    def __init__(self, run_id: _Optional[str] = ..., version: _Optional[str] = ..., lease_epoch: _Optional[int] = ...) -> None: ...

class DivergeRunRequest(_message.Message):
    __slots__ = ("run_id", "detail_json", "lease_epoch")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    DETAIL_JSON_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    detail_json: str
    lease_epoch: int
    def __init__(self, run_id: _Optional[str] = ..., detail_json: _Optional[str] = ..., lease_epoch: _Optional[int] = ...) -> None: ...

class ResolveDivergenceRequest(_message.Message):
    __slots__ = ("run_id", "choice", "operator", "note", "effects")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    CHOICE_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    EFFECTS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    choice: str
    operator: str
    note: str
    effects: str
    def __init__(self, run_id: _Optional[str] = ..., choice: _Optional[str] = ..., operator: _Optional[str] = ..., note: _Optional[str] = ..., effects: _Optional[str] = ...) -> None: ...

class BeginDecisionRequest(_message.Message):
    __slots__ = ("run_id", "decision_index", "model", "request_digest", "provider_key", "lease_epoch")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    REQUEST_DIGEST_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_KEY_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    decision_index: int
    model: str
    request_digest: str
    provider_key: str
    lease_epoch: int
    def __init__(self, run_id: _Optional[str] = ..., decision_index: _Optional[int] = ..., model: _Optional[str] = ..., request_digest: _Optional[str] = ..., provider_key: _Optional[str] = ..., lease_epoch: _Optional[int] = ...) -> None: ...

class BeginDecisionResponse(_message.Message):
    __slots__ = ("begun_seq", "lost_calls")
    BEGUN_SEQ_FIELD_NUMBER: _ClassVar[int]
    LOST_CALLS_FIELD_NUMBER: _ClassVar[int]
    begun_seq: int
    lost_calls: int
    def __init__(self, begun_seq: _Optional[int] = ..., lost_calls: _Optional[int] = ...) -> None: ...

class FailDecisionCallRequest(_message.Message):
    __slots__ = ("run_id", "decision_index", "begun_seq", "error_json")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INDEX_FIELD_NUMBER: _ClassVar[int]
    BEGUN_SEQ_FIELD_NUMBER: _ClassVar[int]
    ERROR_JSON_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    decision_index: int
    begun_seq: int
    error_json: str
    def __init__(self, run_id: _Optional[str] = ..., decision_index: _Optional[int] = ..., begun_seq: _Optional[int] = ..., error_json: _Optional[str] = ...) -> None: ...

class FailDecisionCallResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AwaitSignalRequest(_message.Message):
    __slots__ = ("run_id", "gate_name", "payload_json", "lease_epoch")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    GATE_NAME_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    LEASE_EPOCH_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    gate_name: str
    payload_json: str
    lease_epoch: int
    def __init__(self, run_id: _Optional[str] = ..., gate_name: _Optional[str] = ..., payload_json: _Optional[str] = ..., lease_epoch: _Optional[int] = ...) -> None: ...

class AwaitSignalResponse(_message.Message):
    __slots__ = ("delivered", "resolution_json")
    DELIVERED_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_JSON_FIELD_NUMBER: _ClassVar[int]
    delivered: bool
    resolution_json: str
    def __init__(self, delivered: _Optional[bool] = ..., resolution_json: _Optional[str] = ...) -> None: ...

class SendSignalRequest(_message.Message):
    __slots__ = ("run_id", "app_name", "user_id", "session_id", "gate_name", "resolution_json")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    GATE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_JSON_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    app_name: str
    user_id: str
    session_id: str
    gate_name: str
    resolution_json: str
    def __init__(self, run_id: _Optional[str] = ..., app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., gate_name: _Optional[str] = ..., resolution_json: _Optional[str] = ...) -> None: ...

class SendSignalResponse(_message.Message):
    __slots__ = ("accepted", "run_id", "run_status")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_STATUS_FIELD_NUMBER: _ClassVar[int]
    accepted: bool
    run_id: str
    run_status: RunStatus
    def __init__(self, accepted: _Optional[bool] = ..., run_id: _Optional[str] = ..., run_status: _Optional[_Union[RunStatus, str]] = ...) -> None: ...

class SetTimerRequest(_message.Message):
    __slots__ = ("run_id", "timer_id", "fire_at_ms", "kind", "payload_json")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TIMER_ID_FIELD_NUMBER: _ClassVar[int]
    FIRE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    timer_id: str
    fire_at_ms: int
    kind: str
    payload_json: str
    def __init__(self, run_id: _Optional[str] = ..., timer_id: _Optional[str] = ..., fire_at_ms: _Optional[int] = ..., kind: _Optional[str] = ..., payload_json: _Optional[str] = ...) -> None: ...

class CancelTimerRequest(_message.Message):
    __slots__ = ("run_id", "timer_id")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TIMER_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    timer_id: str
    def __init__(self, run_id: _Optional[str] = ..., timer_id: _Optional[str] = ...) -> None: ...

class CancelTimerResponse(_message.Message):
    __slots__ = ("cancelled",)
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    cancelled: bool
    def __init__(self, cancelled: _Optional[bool] = ...) -> None: ...

class ListDueTimersRequest(_message.Message):
    __slots__ = ("now_ms", "limit", "claim", "claimer", "lease_ttl_ms")
    NOW_MS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    LEASE_TTL_MS_FIELD_NUMBER: _ClassVar[int]
    now_ms: int
    limit: int
    claim: bool
    claimer: str
    lease_ttl_ms: int
    def __init__(self, now_ms: _Optional[int] = ..., limit: _Optional[int] = ..., claim: _Optional[bool] = ..., claimer: _Optional[str] = ..., lease_ttl_ms: _Optional[int] = ...) -> None: ...

class ListDueTimersResponse(_message.Message):
    __slots__ = ("timers",)
    TIMERS_FIELD_NUMBER: _ClassVar[int]
    timers: _containers.RepeatedCompositeFieldContainer[TimerRecord]
    def __init__(self, timers: _Optional[_Iterable[_Union[TimerRecord, _Mapping]]] = ...) -> None: ...

class MarkTimerFiredRequest(_message.Message):
    __slots__ = ("run_id", "timer_id", "claimer")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TIMER_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIMER_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    timer_id: str
    claimer: str
    def __init__(self, run_id: _Optional[str] = ..., timer_id: _Optional[str] = ..., claimer: _Optional[str] = ...) -> None: ...

class SubscribeEventsRequest(_message.Message):
    __slots__ = ("from_ts_ms", "run_id", "kind", "from_global_seq", "subject_pattern")
    FROM_TS_MS_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    FROM_GLOBAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_PATTERN_FIELD_NUMBER: _ClassVar[int]
    from_ts_ms: int
    run_id: str
    kind: str
    from_global_seq: int
    subject_pattern: str
    def __init__(self, from_ts_ms: _Optional[int] = ..., run_id: _Optional[str] = ..., kind: _Optional[str] = ..., from_global_seq: _Optional[int] = ..., subject_pattern: _Optional[str] = ...) -> None: ...

class SubscribeBySubjectRequest(_message.Message):
    __slots__ = ("subject_pattern", "predicate_cel", "from_global_seq")
    SUBJECT_PATTERN_FIELD_NUMBER: _ClassVar[int]
    PREDICATE_CEL_FIELD_NUMBER: _ClassVar[int]
    FROM_GLOBAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    subject_pattern: str
    predicate_cel: str
    from_global_seq: int
    def __init__(self, subject_pattern: _Optional[str] = ..., predicate_cel: _Optional[str] = ..., from_global_seq: _Optional[int] = ...) -> None: ...

class EventEntry(_message.Message):
    __slots__ = ("run_id", "seq", "kind", "payload_json", "ts_ms", "global_seq", "subject", "schema_version", "trace_id", "span_id", "parent_span_id", "xid")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    TS_MS_FIELD_NUMBER: _ClassVar[int]
    GLOBAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    TRACE_ID_FIELD_NUMBER: _ClassVar[int]
    SPAN_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_SPAN_ID_FIELD_NUMBER: _ClassVar[int]
    XID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    seq: int
    kind: str
    payload_json: str
    ts_ms: int
    global_seq: int
    subject: str
    schema_version: int
    trace_id: str
    span_id: str
    parent_span_id: str
    xid: int
    def __init__(self, run_id: _Optional[str] = ..., seq: _Optional[int] = ..., kind: _Optional[str] = ..., payload_json: _Optional[str] = ..., ts_ms: _Optional[int] = ..., global_seq: _Optional[int] = ..., subject: _Optional[str] = ..., schema_version: _Optional[int] = ..., trace_id: _Optional[str] = ..., span_id: _Optional[str] = ..., parent_span_id: _Optional[str] = ..., xid: _Optional[int] = ...) -> None: ...

class ReadJournalRequest(_message.Message):
    __slots__ = ("run_id", "from_seq", "after_global_seq", "kind", "subject_pattern", "limit")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_SEQ_FIELD_NUMBER: _ClassVar[int]
    AFTER_GLOBAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_PATTERN_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    from_seq: int
    after_global_seq: int
    kind: str
    subject_pattern: str
    limit: int
    def __init__(self, run_id: _Optional[str] = ..., from_seq: _Optional[int] = ..., after_global_seq: _Optional[int] = ..., kind: _Optional[str] = ..., subject_pattern: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ReadJournalResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[JournalEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[JournalEntry, _Mapping]]] = ...) -> None: ...

class Reaction(_message.Message):
    __slots__ = ("reaction_id", "name", "subject_pattern", "predicate_cel", "handler_kind", "agent_app", "publish_target", "max_concurrency", "rate_limit_per_s", "debounce_ms", "retry_max", "retry_backoff_ms", "dlq_after_n", "num_shards", "created_at_ms", "deleted", "bootstrap_from_head", "next_start_at_ms", "paused_at_ms", "paused_reason", "cursors", "positions")
    class CursorsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: int
        def __init__(self, key: _Optional[int] = ..., value: _Optional[int] = ...) -> None: ...
    class PositionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: Position
        def __init__(self, key: _Optional[int] = ..., value: _Optional[_Union[Position, _Mapping]] = ...) -> None: ...
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_PATTERN_FIELD_NUMBER: _ClassVar[int]
    PREDICATE_CEL_FIELD_NUMBER: _ClassVar[int]
    HANDLER_KIND_FIELD_NUMBER: _ClassVar[int]
    AGENT_APP_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_TARGET_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENCY_FIELD_NUMBER: _ClassVar[int]
    RATE_LIMIT_PER_S_FIELD_NUMBER: _ClassVar[int]
    DEBOUNCE_MS_FIELD_NUMBER: _ClassVar[int]
    RETRY_MAX_FIELD_NUMBER: _ClassVar[int]
    RETRY_BACKOFF_MS_FIELD_NUMBER: _ClassVar[int]
    DLQ_AFTER_N_FIELD_NUMBER: _ClassVar[int]
    NUM_SHARDS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    BOOTSTRAP_FROM_HEAD_FIELD_NUMBER: _ClassVar[int]
    NEXT_START_AT_MS_FIELD_NUMBER: _ClassVar[int]
    PAUSED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    PAUSED_REASON_FIELD_NUMBER: _ClassVar[int]
    CURSORS_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    name: str
    subject_pattern: str
    predicate_cel: str
    handler_kind: HandlerKind
    agent_app: str
    publish_target: str
    max_concurrency: int
    rate_limit_per_s: int
    debounce_ms: int
    retry_max: int
    retry_backoff_ms: int
    dlq_after_n: int
    num_shards: int
    created_at_ms: int
    deleted: bool
    bootstrap_from_head: bool
    next_start_at_ms: int
    paused_at_ms: int
    paused_reason: str
    cursors: _containers.ScalarMap[int, int]
    positions: _containers.MessageMap[int, Position]
    def __init__(self, reaction_id: _Optional[str] = ..., name: _Optional[str] = ..., subject_pattern: _Optional[str] = ..., predicate_cel: _Optional[str] = ..., handler_kind: _Optional[_Union[HandlerKind, str]] = ..., agent_app: _Optional[str] = ..., publish_target: _Optional[str] = ..., max_concurrency: _Optional[int] = ..., rate_limit_per_s: _Optional[int] = ..., debounce_ms: _Optional[int] = ..., retry_max: _Optional[int] = ..., retry_backoff_ms: _Optional[int] = ..., dlq_after_n: _Optional[int] = ..., num_shards: _Optional[int] = ..., created_at_ms: _Optional[int] = ..., deleted: _Optional[bool] = ..., bootstrap_from_head: _Optional[bool] = ..., next_start_at_ms: _Optional[int] = ..., paused_at_ms: _Optional[int] = ..., paused_reason: _Optional[str] = ..., cursors: _Optional[_Mapping[int, int]] = ..., positions: _Optional[_Mapping[int, Position]] = ...) -> None: ...

class DeregisterReactionRequest(_message.Message):
    __slots__ = ("reaction_id",)
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    def __init__(self, reaction_id: _Optional[str] = ...) -> None: ...

class DeregisterReactionResponse(_message.Message):
    __slots__ = ("deregistered",)
    DEREGISTERED_FIELD_NUMBER: _ClassVar[int]
    deregistered: bool
    def __init__(self, deregistered: _Optional[bool] = ...) -> None: ...

class ListReactionsRequest(_message.Message):
    __slots__ = ("subject_pattern", "include_deleted")
    SUBJECT_PATTERN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    subject_pattern: str
    include_deleted: bool
    def __init__(self, subject_pattern: _Optional[str] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ListReactionsResponse(_message.Message):
    __slots__ = ("reactions",)
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    reactions: _containers.RepeatedCompositeFieldContainer[Reaction]
    def __init__(self, reactions: _Optional[_Iterable[_Union[Reaction, _Mapping]]] = ...) -> None: ...

class Task(_message.Message):
    __slots__ = ("task_id", "reaction_id", "shard", "source_run_id", "source_global_seq", "subject", "payload_json", "status", "attempts", "next_attempt_at_ms", "lease_owner", "lease_expires_at_ms", "last_error", "created_at_ms", "trace_id", "parent_span_id", "completed_at_ms", "claimed_at_ms")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    SHARD_FIELD_NUMBER: _ClassVar[int]
    SOURCE_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_GLOBAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_MS_FIELD_NUMBER: _ClassVar[int]
    LEASE_OWNER_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    TRACE_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_SPAN_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    reaction_id: str
    shard: int
    source_run_id: str
    source_global_seq: int
    subject: str
    payload_json: str
    status: TaskStatus
    attempts: int
    next_attempt_at_ms: int
    lease_owner: str
    lease_expires_at_ms: int
    last_error: str
    created_at_ms: int
    trace_id: str
    parent_span_id: str
    completed_at_ms: int
    claimed_at_ms: int
    def __init__(self, task_id: _Optional[str] = ..., reaction_id: _Optional[str] = ..., shard: _Optional[int] = ..., source_run_id: _Optional[str] = ..., source_global_seq: _Optional[int] = ..., subject: _Optional[str] = ..., payload_json: _Optional[str] = ..., status: _Optional[_Union[TaskStatus, str]] = ..., attempts: _Optional[int] = ..., next_attempt_at_ms: _Optional[int] = ..., lease_owner: _Optional[str] = ..., lease_expires_at_ms: _Optional[int] = ..., last_error: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., trace_id: _Optional[str] = ..., parent_span_id: _Optional[str] = ..., completed_at_ms: _Optional[int] = ..., claimed_at_ms: _Optional[int] = ...) -> None: ...

class ClaimTasksRequest(_message.Message):
    __slots__ = ("reaction_id", "shard", "owner", "lease_ms", "max", "now_ms", "respect_limits")
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    SHARD_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    LEASE_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    NOW_MS_FIELD_NUMBER: _ClassVar[int]
    RESPECT_LIMITS_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    shard: int
    owner: str
    lease_ms: int
    max: int
    now_ms: int
    respect_limits: bool
    def __init__(self, reaction_id: _Optional[str] = ..., shard: _Optional[int] = ..., owner: _Optional[str] = ..., lease_ms: _Optional[int] = ..., max: _Optional[int] = ..., now_ms: _Optional[int] = ..., respect_limits: _Optional[bool] = ...) -> None: ...

class ClaimTasksResponse(_message.Message):
    __slots__ = ("tasks",)
    TASKS_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ...) -> None: ...

class CompleteTaskRequest(_message.Message):
    __slots__ = ("task_id", "owner", "attempts")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    owner: str
    attempts: int
    def __init__(self, task_id: _Optional[str] = ..., owner: _Optional[str] = ..., attempts: _Optional[int] = ...) -> None: ...

class CompleteTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class NackTaskRequest(_message.Message):
    __slots__ = ("task_id", "owner", "error", "permanent", "attempts")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    PERMANENT_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    owner: str
    error: str
    permanent: bool
    attempts: int
    def __init__(self, task_id: _Optional[str] = ..., owner: _Optional[str] = ..., error: _Optional[str] = ..., permanent: _Optional[bool] = ..., attempts: _Optional[int] = ...) -> None: ...

class NackTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ListTasksRequest(_message.Message):
    __slots__ = ("reaction_id", "status", "limit")
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    status: TaskStatus
    limit: int
    def __init__(self, reaction_id: _Optional[str] = ..., status: _Optional[_Union[TaskStatus, str]] = ..., limit: _Optional[int] = ...) -> None: ...

class ListTasksResponse(_message.Message):
    __slots__ = ("tasks",)
    TASKS_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ...) -> None: ...

class WriteValueRequest(_message.Message):
    __slots__ = ("namespace", "key", "value_json", "if_version", "writer")
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_JSON_FIELD_NUMBER: _ClassVar[int]
    IF_VERSION_FIELD_NUMBER: _ClassVar[int]
    WRITER_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    key: str
    value_json: str
    if_version: int
    writer: str
    def __init__(self, namespace: _Optional[str] = ..., key: _Optional[str] = ..., value_json: _Optional[str] = ..., if_version: _Optional[int] = ..., writer: _Optional[str] = ...) -> None: ...

class GetValueRequest(_message.Message):
    __slots__ = ("namespace", "key")
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    key: str
    def __init__(self, namespace: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class GetValueResponse(_message.Message):
    __slots__ = ("found", "value")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    found: bool
    value: ValueRecord
    def __init__(self, found: _Optional[bool] = ..., value: _Optional[_Union[ValueRecord, _Mapping]] = ...) -> None: ...

class WatchValueRequest(_message.Message):
    __slots__ = ("namespace", "key", "from_version")
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    FROM_VERSION_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    key: str
    from_version: int
    def __init__(self, namespace: _Optional[str] = ..., key: _Optional[str] = ..., from_version: _Optional[int] = ...) -> None: ...

class ValueEvent(_message.Message):
    __slots__ = ("value", "prev_version", "prev_value_json")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    PREV_VERSION_FIELD_NUMBER: _ClassVar[int]
    PREV_VALUE_JSON_FIELD_NUMBER: _ClassVar[int]
    value: ValueRecord
    prev_version: int
    prev_value_json: str
    def __init__(self, value: _Optional[_Union[ValueRecord, _Mapping]] = ..., prev_version: _Optional[int] = ..., prev_value_json: _Optional[str] = ...) -> None: ...

class DeleteValueRequest(_message.Message):
    __slots__ = ("namespace", "key")
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    key: str
    def __init__(self, namespace: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class DeleteValueResponse(_message.Message):
    __slots__ = ("deleted", "version")
    DELETED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    deleted: bool
    version: int
    def __init__(self, deleted: _Optional[bool] = ..., version: _Optional[int] = ...) -> None: ...

class CreateSessionRequest(_message.Message):
    __slots__ = ("app_name", "user_id", "session_id", "state_json")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_JSON_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    session_id: str
    state_json: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., state_json: _Optional[str] = ...) -> None: ...

class GetSessionRequest(_message.Message):
    __slots__ = ("app_name", "user_id", "session_id", "max_events")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_EVENTS_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    session_id: str
    max_events: int
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., max_events: _Optional[int] = ...) -> None: ...

class GetSessionResponse(_message.Message):
    __slots__ = ("found", "session")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    found: bool
    session: Session
    def __init__(self, found: _Optional[bool] = ..., session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class ListSessionsRequest(_message.Message):
    __slots__ = ("app_name", "user_id")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ListSessionsResponse(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ...) -> None: ...

class DeleteSessionRequest(_message.Message):
    __slots__ = ("app_name", "user_id", "session_id")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    session_id: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ...) -> None: ...

class DeleteSessionResponse(_message.Message):
    __slots__ = ("deleted",)
    DELETED_FIELD_NUMBER: _ClassVar[int]
    deleted: bool
    def __init__(self, deleted: _Optional[bool] = ...) -> None: ...

class AppendEventRequest(_message.Message):
    __slots__ = ("app_name", "user_id", "session_id", "event", "state_delta_json", "event_json")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    STATE_DELTA_JSON_FIELD_NUMBER: _ClassVar[int]
    EVENT_JSON_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    session_id: str
    event: EventRecord
    state_delta_json: str
    event_json: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., event: _Optional[_Union[EventRecord, _Mapping]] = ..., state_delta_json: _Optional[str] = ..., event_json: _Optional[str] = ...) -> None: ...

class AppendEventResponse(_message.Message):
    __slots__ = ("event", "last_update_time_ms")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATE_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    event: EventRecord
    last_update_time_ms: int
    def __init__(self, event: _Optional[_Union[EventRecord, _Mapping]] = ..., last_update_time_ms: _Optional[int] = ...) -> None: ...

class Position(_message.Message):
    __slots__ = ("xid", "global_seq")
    XID_FIELD_NUMBER: _ClassVar[int]
    GLOBAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    xid: int
    global_seq: int
    def __init__(self, xid: _Optional[int] = ..., global_seq: _Optional[int] = ...) -> None: ...

class Names(_message.Message):
    __slots__ = ("names",)
    NAMES_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, names: _Optional[_Iterable[str]] = ...) -> None: ...

class StatusCounts(_message.Message):
    __slots__ = ("counts",)
    class CountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: int
        def __init__(self, key: _Optional[int] = ..., value: _Optional[int] = ...) -> None: ...
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    counts: _containers.ScalarMap[int, int]
    def __init__(self, counts: _Optional[_Mapping[int, int]] = ...) -> None: ...

class NamedCounts(_message.Message):
    __slots__ = ("counts",)
    class CountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    counts: _containers.ScalarMap[str, int]
    def __init__(self, counts: _Optional[_Mapping[str, int]] = ...) -> None: ...

class SearchRunsRequest(_message.Message):
    __slots__ = ("statuses", "app_name", "started_after_ms", "query", "limit")
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_MS_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    statuses: _containers.RepeatedScalarFieldContainer[RunStatus]
    app_name: str
    started_after_ms: int
    query: str
    limit: int
    def __init__(self, statuses: _Optional[_Iterable[_Union[RunStatus, str]]] = ..., app_name: _Optional[str] = ..., started_after_ms: _Optional[int] = ..., query: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ResolveRunIdRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class ResolveRunIdResponse(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class ListBusinessKeysRequest(_message.Message):
    __slots__ = ("run_ids", "per_run")
    RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    PER_RUN_FIELD_NUMBER: _ClassVar[int]
    run_ids: _containers.RepeatedScalarFieldContainer[str]
    per_run: int
    def __init__(self, run_ids: _Optional[_Iterable[str]] = ..., per_run: _Optional[int] = ...) -> None: ...

class BusinessKeysResponse(_message.Message):
    __slots__ = ("keys",)
    class KeysEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: Names
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[Names, _Mapping]] = ...) -> None: ...
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.MessageMap[str, Names]
    def __init__(self, keys: _Optional[_Mapping[str, Names]] = ...) -> None: ...

class CompactableBytesRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class DeleteInvocationEventsRequest(_message.Message):
    __slots__ = ("app_name", "user_id", "session_id", "invocation_id")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    session_id: str
    invocation_id: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., invocation_id: _Optional[str] = ...) -> None: ...

class GetScopedStateRequest(_message.Message):
    __slots__ = ("app_name", "user_id")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ScopedState(_message.Message):
    __slots__ = ("app_state_json", "user_state_json")
    APP_STATE_JSON_FIELD_NUMBER: _ClassVar[int]
    USER_STATE_JSON_FIELD_NUMBER: _ClassVar[int]
    app_state_json: str
    user_state_json: str
    def __init__(self, app_state_json: _Optional[str] = ..., user_state_json: _Optional[str] = ...) -> None: ...

class WriteScopedStateRequest(_message.Message):
    __slots__ = ("app_name", "user_id", "app_delta_json", "user_delta_json")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    APP_DELTA_JSON_FIELD_NUMBER: _ClassVar[int]
    USER_DELTA_JSON_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    app_delta_json: str
    user_delta_json: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., app_delta_json: _Optional[str] = ..., user_delta_json: _Optional[str] = ...) -> None: ...

class AppendScopedEventRequest(_message.Message):
    __slots__ = ("app_name", "user_id", "session_id", "event_json", "state_delta_json", "app_delta_json", "user_delta_json")
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_JSON_FIELD_NUMBER: _ClassVar[int]
    STATE_DELTA_JSON_FIELD_NUMBER: _ClassVar[int]
    APP_DELTA_JSON_FIELD_NUMBER: _ClassVar[int]
    USER_DELTA_JSON_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    user_id: str
    session_id: str
    event_json: str
    state_delta_json: str
    app_delta_json: str
    user_delta_json: str
    def __init__(self, app_name: _Optional[str] = ..., user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., event_json: _Optional[str] = ..., state_delta_json: _Optional[str] = ..., app_delta_json: _Optional[str] = ..., user_delta_json: _Optional[str] = ...) -> None: ...

class GetReactionRequest(_message.Message):
    __slots__ = ("reaction_id",)
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    def __init__(self, reaction_id: _Optional[str] = ...) -> None: ...

class ResumeReactionRequest(_message.Message):
    __slots__ = ("reaction_id", "operator", "note")
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    operator: str
    note: str
    def __init__(self, reaction_id: _Optional[str] = ..., operator: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ReactionLagResponse(_message.Message):
    __slots__ = ("reactions", "head")
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    HEAD_FIELD_NUMBER: _ClassVar[int]
    reactions: _containers.RepeatedCompositeFieldContainer[Reaction]
    head: int
    def __init__(self, reactions: _Optional[_Iterable[_Union[Reaction, _Mapping]]] = ..., head: _Optional[int] = ...) -> None: ...

class GetTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class RetryTaskRequest(_message.Message):
    __slots__ = ("task_id", "operator", "note")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    operator: str
    note: str
    def __init__(self, task_id: _Optional[str] = ..., operator: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class CountTasksRequest(_message.Message):
    __slots__ = ("reaction_id",)
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    def __init__(self, reaction_id: _Optional[str] = ...) -> None: ...

class ClaimTaskBatchRequest(_message.Message):
    __slots__ = ("reaction_id", "owner", "shard", "lease_ms", "max", "task_id", "respect_limits")
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    SHARD_FIELD_NUMBER: _ClassVar[int]
    LEASE_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    RESPECT_LIMITS_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    owner: str
    shard: int
    lease_ms: int
    max: int
    task_id: str
    respect_limits: bool
    def __init__(self, reaction_id: _Optional[str] = ..., owner: _Optional[str] = ..., shard: _Optional[int] = ..., lease_ms: _Optional[int] = ..., max: _Optional[int] = ..., task_id: _Optional[str] = ..., respect_limits: _Optional[bool] = ...) -> None: ...

class ClaimTaskBatchResponse(_message.Message):
    __slots__ = ("tasks", "reason", "wait_ms")
    TASKS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    WAIT_MS_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    reason: str
    wait_ms: int
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ..., reason: _Optional[str] = ..., wait_ms: _Optional[int] = ...) -> None: ...

class HeartbeatTasksRequest(_message.Message):
    __slots__ = ("task_ids", "owner", "lease_ms")
    TASK_IDS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    LEASE_MS_FIELD_NUMBER: _ClassVar[int]
    task_ids: _containers.RepeatedScalarFieldContainer[str]
    owner: str
    lease_ms: int
    def __init__(self, task_ids: _Optional[_Iterable[str]] = ..., owner: _Optional[str] = ..., lease_ms: _Optional[int] = ...) -> None: ...

class TaskClaim(_message.Message):
    __slots__ = ("task_id", "attempts")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    attempts: int
    def __init__(self, task_id: _Optional[str] = ..., attempts: _Optional[int] = ...) -> None: ...

class CompleteTasksRequest(_message.Message):
    __slots__ = ("claims", "owner")
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    claims: _containers.RepeatedCompositeFieldContainer[TaskClaim]
    owner: str
    def __init__(self, claims: _Optional[_Iterable[_Union[TaskClaim, _Mapping]]] = ..., owner: _Optional[str] = ...) -> None: ...

class TaskError(_message.Message):
    __slots__ = ("task_id", "error", "message", "current")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    error: str
    message: str
    current: Task
    def __init__(self, task_id: _Optional[str] = ..., error: _Optional[str] = ..., message: _Optional[str] = ..., current: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class CompleteTasksResponse(_message.Message):
    __slots__ = ("done", "lost")
    DONE_FIELD_NUMBER: _ClassVar[int]
    LOST_FIELD_NUMBER: _ClassVar[int]
    done: _containers.RepeatedCompositeFieldContainer[Task]
    lost: _containers.RepeatedCompositeFieldContainer[TaskError]
    def __init__(self, done: _Optional[_Iterable[_Union[Task, _Mapping]]] = ..., lost: _Optional[_Iterable[_Union[TaskError, _Mapping]]] = ...) -> None: ...

class PauseReactionRequest(_message.Message):
    __slots__ = ("reaction_id", "reason", "details_json")
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_JSON_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    reason: str
    details_json: str
    def __init__(self, reaction_id: _Optional[str] = ..., reason: _Optional[str] = ..., details_json: _Optional[str] = ...) -> None: ...

class PauseReactionResponse(_message.Message):
    __slots__ = ("paused",)
    PAUSED_FIELD_NUMBER: _ClassVar[int]
    paused: bool
    def __init__(self, paused: _Optional[bool] = ...) -> None: ...

class ShardCursorsRequest(_message.Message):
    __slots__ = ("reaction_id",)
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    def __init__(self, reaction_id: _Optional[str] = ...) -> None: ...

class ShardCursorsResponse(_message.Message):
    __slots__ = ("positions",)
    class PositionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: Position
        def __init__(self, key: _Optional[int] = ..., value: _Optional[_Union[Position, _Mapping]] = ...) -> None: ...
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    positions: _containers.MessageMap[int, Position]
    def __init__(self, positions: _Optional[_Mapping[int, Position]] = ...) -> None: ...

class MatchBatchRequest(_message.Message):
    __slots__ = ("reaction_id", "scan_end", "chosen")
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    SCAN_END_FIELD_NUMBER: _ClassVar[int]
    CHOSEN_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    scan_end: Position
    chosen: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, reaction_id: _Optional[str] = ..., scan_end: _Optional[_Union[Position, _Mapping]] = ..., chosen: _Optional[_Iterable[int]] = ...) -> None: ...

class AdvanceReactionRequest(_message.Message):
    __slots__ = ("reaction_id", "expected", "scan_end")
    class ExpectedEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: Position
        def __init__(self, key: _Optional[int] = ..., value: _Optional[_Union[Position, _Mapping]] = ...) -> None: ...
    REACTION_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    SCAN_END_FIELD_NUMBER: _ClassVar[int]
    reaction_id: str
    expected: _containers.MessageMap[int, Position]
    scan_end: Position
    def __init__(self, reaction_id: _Optional[str] = ..., expected: _Optional[_Mapping[int, Position]] = ..., scan_end: _Optional[_Union[Position, _Mapping]] = ...) -> None: ...

class AdvanceReactionResponse(_message.Message):
    __slots__ = ("moved",)
    MOVED_FIELD_NUMBER: _ClassVar[int]
    moved: bool
    def __init__(self, moved: _Optional[bool] = ...) -> None: ...

class SubscribeRequest(_message.Message):
    __slots__ = ("subject_pattern", "predicate", "from_global_seq", "kind", "run_id", "idle_timeout_ms")
    SUBJECT_PATTERN_FIELD_NUMBER: _ClassVar[int]
    PREDICATE_FIELD_NUMBER: _ClassVar[int]
    FROM_GLOBAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDLE_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    subject_pattern: str
    predicate: str
    from_global_seq: int
    kind: str
    run_id: str
    idle_timeout_ms: int
    def __init__(self, subject_pattern: _Optional[str] = ..., predicate: _Optional[str] = ..., from_global_seq: _Optional[int] = ..., kind: _Optional[str] = ..., run_id: _Optional[str] = ..., idle_timeout_ms: _Optional[int] = ...) -> None: ...

class CommitNotice(_message.Message):
    __slots__ = ("head",)
    HEAD_FIELD_NUMBER: _ClassVar[int]
    head: int
    def __init__(self, head: _Optional[int] = ...) -> None: ...

class MarkConnectorMissingRequest(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "connector", "worker")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CONNECTOR_FIELD_NUMBER: _ClassVar[int]
    WORKER_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    connector: str
    worker: str
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., connector: _Optional[str] = ..., worker: _Optional[str] = ...) -> None: ...

class AcceptedDivergencesRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class AcceptedDivergencesResponse(_message.Message):
    __slots__ = ("divergences_json",)
    DIVERGENCES_JSON_FIELD_NUMBER: _ClassVar[int]
    divergences_json: str
    def __init__(self, divergences_json: _Optional[str] = ...) -> None: ...

class ForkRunRequest(_message.Message):
    __slots__ = ("run_id", "from_decision", "policy", "operator", "note")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_DECISION_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    from_decision: int
    policy: str
    operator: str
    note: str
    def __init__(self, run_id: _Optional[str] = ..., from_decision: _Optional[int] = ..., policy: _Optional[str] = ..., operator: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class LinkRunRequest(_message.Message):
    __slots__ = ("run_id", "parent_run_id", "kind")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    parent_run_id: str
    kind: str
    def __init__(self, run_id: _Optional[str] = ..., parent_run_id: _Optional[str] = ..., kind: _Optional[str] = ...) -> None: ...

class LinkRunResponse(_message.Message):
    __slots__ = ("linked",)
    LINKED_FIELD_NUMBER: _ClassVar[int]
    linked: bool
    def __init__(self, linked: _Optional[bool] = ...) -> None: ...

class RunTreeRequest(_message.Message):
    __slots__ = ("run_id",)
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    def __init__(self, run_id: _Optional[str] = ...) -> None: ...

class RunTreeResponse(_message.Message):
    __slots__ = ("tree_json",)
    TREE_JSON_FIELD_NUMBER: _ClassVar[int]
    tree_json: str
    def __init__(self, tree_json: _Optional[str] = ...) -> None: ...

class UndoRunRequest(_message.Message):
    __slots__ = ("run_id", "reason", "undone_by")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    UNDONE_BY_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    reason: str
    undone_by: str
    def __init__(self, run_id: _Optional[str] = ..., reason: _Optional[str] = ..., undone_by: _Optional[str] = ...) -> None: ...

class UndoRunResponse(_message.Message):
    __slots__ = ("found", "run")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    RUN_FIELD_NUMBER: _ClassVar[int]
    found: bool
    run: RunState
    def __init__(self, found: _Optional[bool] = ..., run: _Optional[_Union[RunState, _Mapping]] = ...) -> None: ...
