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
    from tape.agents.children import ChildHandle
    from tape.agents.context import start_child
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
        ChildRunFailed,
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


#: The public face, in the order a newcomer meets it; a test pins it
#: (tests/unit/test_public_face.py). Everything else may change.
__all__ = [  # noqa: RUF022 (grouped by task, not sorted)
    "__version__",  # the installed version
    "errors",  # the error tree: every named error tape raises
    # Agents and their tools
    "agent",  # decorator: a function ``(ctx, **inputs)`` becomes a durable agent
    "Agent",  # what ``@tape.agent`` returns: ``.delay(**inputs)`` starts a run
    "RunContext",  # the ``ctx`` an agent gets: ``decide``, ``await_gate``, its journal
    "RunHandle",  # what ``Agent.delay`` returns: the run id, ``.state()``, ``.wait()``
    "Budget",  # token/cost caps for every run of an agent (``@tape.agent(budget=...)``)
    "effect",  # decorator, the one way to declare a tool: inline, or ``dispatch="outbox"``
    "outbox_tool",  # ``effect(dispatch="outbox", ...)`` under its older name
    "RetryPolicy",  # how often an effect body (or an outbox dispatch) is tried, and how far apart
    "current_effect_key",  # inside an effect body: the idempotency key to hand the counterparty
    "current_decision_key",  # inside a run: the key of the decision being made
    "now",  # the wall clock, the same on every replay of this point
    "uuid",  # a random UUID, the same on every replay of this point
    "sample",  # any nondeterministic value, recorded once and replayed
    # Running and steering runs
    "gate",  # park the run until a person (or any outside event) answers
    "gate_tool",  # a gate as a tool function a model can call
    "cancel_run",  # ask a run to stop (it ends CANCELLED at its next step)
    "heartbeat",  # renew the run's lease inside a long step
    "is_cancelled",  # inside a run: whether someone asked it to stop
    "policy_is",  # branch on the agent version the run started under
    "compensate_run",  # undo a run now: run its owed inverses, newest first
    "start_child",  # inside a run: start another agent as a child run (docs/composing.md)
    "ChildHandle",  # what ``start_child`` returns: ``.wait()`` / ``await`` parks until it ends
    "register_compensator",  # name an inverse that obligations may refer to
    # Outbox effects from plain code
    "enqueue",  # journal one outbox effect and hint the dispatcher
    "enqueue_many",  # journal many outbox effects in one transaction
    "idempotency_key",  # the key tape gives a call at a run/decision/tool/call position
    # Durable values
    "get_value",  # read a named, versioned JSON value
    "set_value",  # write one (compare-and-swap on its version)
    "delete_value",  # delete one
    "watch_value",  # iterate over a value's changes
    "ValueEvent",  # one change ``watch_value`` yields
    # The event bus (reactions)
    "on",  # decorator: run a handler for journal rows matching a subject pattern
    "on_run",  # ``on`` for run transitions
    "on_gate",  # ``on`` for gates waiting or released
    "on_decision_recorded",  # ``on`` for recorded decisions
    "on_effect_confirmed",  # ``on`` for CONFIRMED effects
    "on_effect_failed",  # ``on`` for FAILED effects
    "on_effect_unknown",  # ``on`` for effects whose outcome is UNKNOWN
    "on_value_change",  # ``on`` for value writes
    "on_value_deleted",  # ``on`` for value deletions
    "Envelope",  # what a reaction handler receives: the row, its subject, its seq
    "ReactionRecord",  # a registered reaction, as listed
    "TaskRecord",  # one reaction task (a handler call owed), as listed
    # The journal
    "Journal",  # the journal client: a database URL, or ``tape://`` for a tape server
    "connect",  # the journal at a URL: a database's, or a tape server's over ``tape://``
    "RunState",  # a run as the journal holds it
    "EffectRecord",  # an effect (one tool call) as the journal holds it
    "RunStatus",  # a run's states
    "EffectStatus",  # an effect's states
    "ObligationStatus",  # a compensation obligation's states
    "EffectSemantics",  # idempotent, non-idempotent, at-least-once
    "DispatchMode",  # inline or outbox
    "EffectResolution",  # how an operator settles an UNKNOWN effect
    "HandlerKind",  # what a reaction runs: a task, a webhook, a stream
    "TaskStatus",  # a reaction task's states
    "Reconciled",  # a call confirmed by a reconciler's look, without its answer
    "MAX_PAYLOAD_BYTES",  # the largest JSON payload the journal takes
    "MAX_PAYLOAD_DEPTH",  # the deepest JSON payload the journal takes
    # Models
    "Model",  # the protocol ``ctx.decide`` calls
    "OpenAIChatModel",  # an OpenAI-compatible chat model
    "ScriptedModel",  # a model that answers from a script (tests, demos)
    # Errors
    "TapeError",  # the root of every tape error (the tree: ``tape.errors``)
    "AckLost",  # raise it from a tool body when the call may have landed (UNKNOWN)
    "BudgetExceeded",  # a run's budget refused the next model call
    "EffectFailed",  # an outbox effect the agent waited for ended FAILED
    "ChildRunFailed",  # a child run the parent waited for did not end TERMINAL
    "EffectConfigError",  # a tool declared with unsafe or invalid options
    "OutboxConfigError",  # the same, for an outbox tool
    # The journal's other records (their home is ``tape.records``)
    "AdmitResult",  # what ``Journal.admit_budget`` answers
    "BeginRunResult",  # what ``Journal.begin_run`` answers (the run, and whether it resumed)
    "BudgetState",  # a run's budget: caps and what was spent
    "DecisionRecord",  # a recorded model decision
    "EffectClaim",  # an outbox dispatcher's claim on an effect
    "JournalEntry",  # one row of a run's journal (``Journal.read_journal``)
    "ObligationClaim",  # a compensation drainer's claim on an obligation
    "ObligationRecord",  # a compensation obligation (an inverse owed)
    "SendSignalResult",  # what ``Journal.send_signal`` answers
    "SessionRecord",  # a conversation session
    "SignalResult",  # what ``Journal.await_signal`` answers (delivered, and the resolution)
    "TimerRecord",  # a durable timer
    "ValueRecord",  # a durable value and its version
]

#: Public name -> the module it comes from, imported on first use: ``import tape`` (and so
#: every ``tape`` command, ``tape --help`` included) does not load the journal client,
#: SQLAlchemy or Celery until a name that needs them is used.
_LAZY: dict[str, str] = {
    "agent": "tape.agents",
    "Agent": "tape.agents",
    "RunContext": "tape.agents",
    "RunHandle": "tape.agents",
    "Budget": "tape.agents",
    "effect": "tape.agents",
    "outbox_tool": "tape.agents",
    "RetryPolicy": "tape.agents",
    "current_effect_key": "tape.agents",
    "current_decision_key": "tape.agents",
    "now": "tape.agents",
    "uuid": "tape.agents",
    "sample": "tape.agents",
    "gate": "tape.agents.gates",
    "gate_tool": "tape.agents.gates",
    "ChildHandle": "tape.agents.children",
    "start_child": "tape.agents.context",
    "cancel_run": "tape.agents.control",
    "heartbeat": "tape.agents.control",
    "is_cancelled": "tape.agents.control",
    "policy_is": "tape.agents.control",
    "compensate_run": "tape.reactors.compensate",
    "register_compensator": "tape.registry",
    "enqueue": "tape.enqueue",
    "enqueue_many": "tape.enqueue",
    "idempotency_key": "tape.keys",
    "get_value": "tape.values",
    "set_value": "tape.values",
    "delete_value": "tape.values",
    "watch_value": "tape.values",
    "ValueEvent": "tape.values",
    "on": "tape.reactions",
    "on_run": "tape.reactions",
    "on_gate": "tape.reactions",
    "on_decision_recorded": "tape.reactions",
    "on_effect_confirmed": "tape.reactions",
    "on_effect_failed": "tape.reactions",
    "on_effect_unknown": "tape.reactions",
    "on_value_change": "tape.reactions",
    "on_value_deleted": "tape.reactions",
    "Envelope": "tape.reactions",
    "ReactionRecord": "tape.reactions.records",
    "TaskRecord": "tape.reactions.records",
    # From tape.connection, so tape.Journal("tape://...") keeps opening a remote journal.
    "Journal": "tape.connection",
    "connect": "tape.connection",
    "RunState": "tape.records",
    "EffectRecord": "tape.records",
    "RunStatus": "tape.enums",
    "EffectStatus": "tape.enums",
    "ObligationStatus": "tape.enums",
    "EffectSemantics": "tape.enums",
    "DispatchMode": "tape.enums",
    "EffectResolution": "tape.enums",
    "HandlerKind": "tape.enums",
    "TaskStatus": "tape.enums",
    "Reconciled": "tape.reconciled",
    "MAX_PAYLOAD_BYTES": "tape.validate",
    "MAX_PAYLOAD_DEPTH": "tape.validate",
    "Model": "tape.llm",
    "OpenAIChatModel": "tape.llm",
    "ScriptedModel": "tape.llm",
    "TapeError": "tape.errors",
    "AckLost": "tape.errors",
    "BudgetExceeded": "tape.errors",
    "EffectFailed": "tape.errors",
    "ChildRunFailed": "tape.errors",
    "EffectConfigError": "tape.errors",
    "OutboxConfigError": "tape.errors",
    "AdmitResult": "tape.records",
    "BeginRunResult": "tape.records",
    "BudgetState": "tape.records",
    "DecisionRecord": "tape.records",
    "EffectClaim": "tape.records",
    "JournalEntry": "tape.records",
    "ObligationClaim": "tape.records",
    "ObligationRecord": "tape.records",
    "SendSignalResult": "tape.records",
    "SessionRecord": "tape.records",
    "SignalResult": "tape.records",
    "TimerRecord": "tape.records",
    "ValueRecord": "tape.records",
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
