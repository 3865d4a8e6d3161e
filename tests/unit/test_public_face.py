"""The public face of ``tape`` is pinned: adding or removing a name from ``tape.__all__`` is a
decision made here, in review, with its one-line comment in tape/__init__.py."""

from __future__ import annotations

import re
from pathlib import Path

import tape

INIT = Path(tape.__file__).read_text()

FACE = [
    "__version__", "errors",
    # agents and their tools
    "agent", "Agent", "RunContext", "RunHandle", "Budget", "effect", "outbox_tool",
    "RetryPolicy", "current_effect_key", "current_decision_key", "now", "uuid", "sample",
    # running and steering runs
    "gate", "gate_tool", "cancel_run", "heartbeat", "is_cancelled", "policy_is",
    "compensate_run", "start_child", "ChildHandle", "register_compensator",
    # outbox effects from plain code
    "enqueue", "enqueue_many", "idempotency_key",
    # durable values
    "get_value", "set_value", "delete_value", "watch_value", "ValueEvent",
    # the event bus
    "on", "on_run", "on_gate", "on_decision_recorded", "on_effect_confirmed",
    "on_effect_failed", "on_effect_unknown", "on_value_change", "on_value_deleted",
    "Envelope", "ReactionRecord", "TaskRecord",
    # the journal
    "Journal", "connect", "RunState", "EffectRecord", "RunStatus", "EffectStatus",
    "ObligationStatus", "EffectSemantics", "DispatchMode", "EffectResolution", "HandlerKind",
    "TaskStatus",
    "Reconciled", "MAX_PAYLOAD_BYTES", "MAX_PAYLOAD_DEPTH",
    # models
    "Model", "OpenAIChatModel", "ScriptedModel",
    # errors
    "TapeError", "AckLost", "BudgetExceeded", "EffectFailed", "ChildRunFailed", "EffectConfigError",
    "OutboxConfigError",
    # the journal's other records
    "AdmitResult", "BeginRunResult", "BudgetState", "DecisionRecord", "EffectClaim",
    "JournalEntry", "ObligationClaim", "ObligationRecord", "SendSignalResult", "SessionRecord",
    "SignalResult", "TimerRecord", "ValueRecord",
]  # fmt: skip


def test_the_exported_names_are_pinned() -> None:
    assert tape.__all__ == FACE


def test_every_lazy_name_is_exported_and_each_export_says_what_it_is_for() -> None:
    assert set(tape._LAZY) == set(FACE) - {"__version__", "errors"}
    for name in FACE:
        assert re.search(rf'^    "{re.escape(name)}",  # \S', INIT, re.MULTILINE), (
            f"{name} has no one-line comment in tape/__init__.py's __all__"
        )
        assert getattr(tape, name) is not None


def test_every_lazy_name_is_imported_for_type_checkers() -> None:
    checked = INIT.split("if TYPE_CHECKING:", 1)[1].split("__version__", 1)[0]
    for name in tape._LAZY:
        assert re.search(rf"\b{re.escape(name)}\b", checked), name
