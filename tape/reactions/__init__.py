"""The event bus: reactions to journal rows, their tasks, sinks and live subscriptions.

- :mod:`tape.reactions.declare` — ``tape.on(...)`` and helpers, the :class:`Envelope`;
- :mod:`tape.events` — the bus's language: what a valid reaction is, CEL predicates;
- :mod:`tape.reactions.matcher` — the matcher pass (journal rows -> tasks and runs);
- :mod:`tape.reactions.dispatch` — running tasks (handlers, sinks) under shared limits;
- :mod:`tape.reactions.sinks` — Redis Stream and signed webhook;
- :mod:`tape.store.subscribe` — live subscriptions (LISTEN/NOTIFY on Postgres, polling on
  SQLite) and the wake-up listener.

A reaction is a standing subscription to journal rows (``tape.on``); each match becomes a task
(or an agent run) that a handler or sink works off.

Its SQL is in :mod:`tape.store.reactions` and :mod:`tape.store.tasks`; its Celery tasks in
:mod:`tape.tasks.reactions`.
"""

from __future__ import annotations

from tape.reactions.declare import (
    Declaration,
    Envelope,
    ReactionDef,
    on,
    on_decision_recorded,
    on_effect_confirmed,
    on_effect_failed,
    on_effect_unknown,
    on_gate,
    on_run,
    on_value_change,
    on_value_deleted,
    register_all,
)

__all__ = [
    "Declaration",
    "Envelope",
    "ReactionDef",
    "on",
    "on_decision_recorded",
    "on_effect_confirmed",
    "on_effect_failed",
    "on_effect_unknown",
    "on_gate",
    "on_run",
    "on_value_change",
    "on_value_deleted",
    "register_all",
]
