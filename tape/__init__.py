"""tape: a durable side-effect journal and execution layer for AI agents.

The public API is what ``__all__`` lists; everything else may change.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

from tape import errors

if TYPE_CHECKING:
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
    from tape.connection import Journal, connect
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
    from tape.events.records import ReactionRecord, TaskRecord
    from tape.keys import idempotency_key
    from tape.llm import Model, OpenAIChatModel, ScriptedModel
    from tape.reactions import (
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
    "connect",
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

#: Public name -> the module it comes from, imported on first use: ``import tape`` (and so
#: every ``tape`` command, ``tape --help`` included) does not load the journal client,
#: SQLAlchemy or Celery until a name that needs them is used.
_LAZY: dict[str, str] = {
    "Agent": "tape.agents",
    "Budget": "tape.agents",
    "RetryPolicy": "tape.agents",
    "RunContext": "tape.agents",
    "RunHandle": "tape.agents",
    "agent": "tape.agents",
    "current_decision_key": "tape.agents",
    "current_effect_key": "tape.agents",
    "effect": "tape.agents",
    "now": "tape.agents",
    "outbox_tool": "tape.agents",
    "sample": "tape.agents",
    "uuid": "tape.agents",
    "cancel_run": "tape.agents.control",
    "heartbeat": "tape.agents.control",
    "is_cancelled": "tape.agents.control",
    "policy_is": "tape.agents.control",
    "gate": "tape.agents.gates",
    "gate_tool": "tape.agents.gates",
    "enqueue": "tape.enqueue",
    "enqueue_many": "tape.enqueue",
    "DispatchMode": "tape.enums",
    "EffectResolution": "tape.enums",
    "EffectSemantics": "tape.enums",
    "EffectStatus": "tape.enums",
    "HandlerKind": "tape.enums",
    "ObligationStatus": "tape.enums",
    "RunStatus": "tape.enums",
    "TaskStatus": "tape.enums",
    "AckLost": "tape.errors",
    "BudgetExceeded": "tape.errors",
    "EffectConfigError": "tape.errors",
    "EffectFailed": "tape.errors",
    "OutboxConfigError": "tape.errors",
    "TapeError": "tape.errors",
    # From tape.connection, so tape.Journal("tape://...") keeps opening a remote journal.
    "Journal": "tape.connection",
    "connect": "tape.connection",
    "idempotency_key": "tape.keys",
    "Model": "tape.llm",
    "OpenAIChatModel": "tape.llm",
    "ScriptedModel": "tape.llm",
    "compensate_run": "tape.reactors.compensate",
    "Reconciled": "tape.reconciled",
    "AdmitResult": "tape.records",
    "BeginRunResult": "tape.records",
    "BudgetState": "tape.records",
    "DecisionRecord": "tape.records",
    "EffectClaim": "tape.records",
    "EffectRecord": "tape.records",
    "JournalEntry": "tape.records",
    "ObligationClaim": "tape.records",
    "ObligationRecord": "tape.records",
    "RunState": "tape.records",
    "SendSignalResult": "tape.records",
    "SessionRecord": "tape.records",
    "SignalResult": "tape.records",
    "TimerRecord": "tape.records",
    "ValueRecord": "tape.records",
    "register_compensator": "tape.registry",
    "MAX_PAYLOAD_BYTES": "tape.validate",
    "MAX_PAYLOAD_DEPTH": "tape.validate",
    "ValueEvent": "tape.values",
    "delete_value": "tape.values",
    "get_value": "tape.values",
    "set_value": "tape.values",
    "watch_value": "tape.values",
    "Envelope": "tape.reactions",
    "on": "tape.reactions",
    "on_decision_recorded": "tape.reactions",
    "on_effect_confirmed": "tape.reactions",
    "on_effect_failed": "tape.reactions",
    "on_effect_unknown": "tape.reactions",
    "on_gate": "tape.reactions",
    "on_run": "tape.reactions",
    "on_value_change": "tape.reactions",
    "on_value_deleted": "tape.reactions",
    "ReactionRecord": "tape.reactions.records",
    "TaskRecord": "tape.reactions.records",
}


def __getattr__(name: str) -> object:
    # ``celery -A tape`` looks up ``tape.app``/``tape.celery``; building the Celery app only
    # then keeps ``import tape`` free of Celery for code that only uses the journal.
    if name in ("app", "celery"):
        from tape.celery_app import app

        return app
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tape' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(types.ModuleType):
    """``tape`` itself: importing the submodule ``tape.enqueue`` must not replace the
    function ``tape.enqueue`` (the import system sets a package attribute per submodule)."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and name in _LAZY:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
