"""tape: a durable side-effect journal and execution layer for AI agents.

The public API is what ``__all__`` lists; everything else may change.
"""

from __future__ import annotations

from tape import errors
from tape.agents import (
    Agent,
    Budget,
    RetryPolicy,
    RunContext,
    RunHandle,
    agent,
    current_decision_key,
    current_effect_key,
    effect,
    now,
    outbox_tool,
    sample,
    uuid,
)
from tape.agents.control import cancel_run, heartbeat, is_cancelled, policy_is
from tape.agents.gates import gate, gate_tool
from tape.enqueue import enqueue, enqueue_many
from tape.enums import (
    DispatchMode,
    EffectResolution,
    EffectSemantics,
    EffectStatus,
    HandlerKind,
    ObligationStatus,
    RunStatus,
    TaskStatus,
)
from tape.errors import (
    AckLost,
    BudgetExceeded,
    EffectConfigError,
    EffectFailed,
    OutboxConfigError,
    TapeError,
)
from tape.journal import Journal
from tape.keys import idempotency_key
from tape.llm import Model, OpenAIChatModel, ScriptedModel
from tape.reactors.compensate import compensate_run
from tape.reconciled import Reconciled
from tape.records import (
    AdmitResult,
    BeginRunResult,
    BudgetState,
    DecisionRecord,
    EffectClaim,
    EffectRecord,
    JournalEntry,
    ObligationClaim,
    ObligationRecord,
    RunState,
    SendSignalResult,
    SessionRecord,
    SignalResult,
    TimerRecord,
    ValueRecord,
)
from tape.registry import register_compensator
from tape.validate import MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH
from tape.values import ValueEvent, delete_value, get_value, set_value, watch_value

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # ``celery -A tape`` looks up ``tape.app``/``tape.celery``; building the Celery app only
    # then keeps ``import tape`` free of Celery for code that only uses the journal.
    if name in ("app", "celery"):
        from tape.celery_app import app

        return app
    raise AttributeError(f"module 'tape' has no attribute {name!r}")


__all__ = [
    "MAX_PAYLOAD_BYTES",
    "MAX_PAYLOAD_DEPTH",
    "AckLost",
    "AdmitResult",
    "Agent",
    "BeginRunResult",
    "Budget",
    "BudgetExceeded",
    "BudgetState",
    "DecisionRecord",
    "DispatchMode",
    "EffectClaim",
    "EffectConfigError",
    "EffectFailed",
    "EffectRecord",
    "EffectResolution",
    "EffectSemantics",
    "EffectStatus",
    "HandlerKind",
    "Journal",
    "JournalEntry",
    "Model",
    "ObligationClaim",
    "ObligationRecord",
    "ObligationStatus",
    "OpenAIChatModel",
    "OutboxConfigError",
    "Reconciled",
    "RetryPolicy",
    "RunContext",
    "RunHandle",
    "RunState",
    "RunStatus",
    "ScriptedModel",
    "SendSignalResult",
    "SessionRecord",
    "SignalResult",
    "TapeError",
    "TaskStatus",
    "TimerRecord",
    "ValueRecord",
    "__version__",
    "agent",
    "compensate_run",
    "current_decision_key",
    "current_effect_key",
    "effect",
    "enqueue",
    "enqueue_many",
    "errors",
    "idempotency_key",
    "now",
    "outbox_tool",
    "register_compensator",
    "sample",
    "uuid",
]

# The original's SDK surface (reference section 6): gates, run control, values.
__all__ += [
    "ValueEvent",
    "cancel_run",
    "delete_value",
    "gate",
    "gate_tool",
    "get_value",
    "heartbeat",
    "is_cancelled",
    "policy_is",
    "set_value",
    "watch_value",
]

# The event bus (reference 3.9, 3.10, 4.6): reactions to journal rows, tasks, subscriptions.
from tape.reactions import (  # noqa: E402 - after the core API, which it builds on
    Envelope,
    on,
    on_decision_recorded,
    on_effect_confirmed,
    on_effect_failed,
    on_effect_unknown,
    on_gate,
    on_run,
    on_value_change,
    on_value_deleted,
)
from tape.reactions.records import ReactionRecord, TaskRecord  # noqa: E402

__all__ += [
    "Envelope",
    "ReactionRecord",
    "TaskRecord",
    "on",
    "on_decision_recorded",
    "on_effect_confirmed",
    "on_effect_failed",
    "on_effect_unknown",
    "on_gate",
    "on_run",
    "on_value_change",
    "on_value_deleted",
]
