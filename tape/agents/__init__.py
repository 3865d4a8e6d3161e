"""Durable agents: ``@tape.agent``, ``@tape.effect``, ``@tape.outbox_tool``, ``RunContext``,
``RetryPolicy``.

Importing this package needs no broker: agents send through :mod:`tape.transport`, and the
Celery composition root (:mod:`tape.celery_app`) registers their tasks and installs
:func:`~tape.agents.runner.redrive` as the recovery pass's re-drive.
"""

from __future__ import annotations

from tape.agents.context import (
    Budget,
    Parked,
    RunContext,
    current,
    current_decision_key,
    now,
    sample,
    uuid,
)
from tape.agents.declare import effect, outbox_tool
from tape.agents.outbox import OutboxTool
from tape.agents.retry import RetryPolicy
from tape.agents.runner import Agent, RunHandle, agent, redrive, register_tasks, registered
from tape.agents.tools import EffectTool, current_effect_key
from tape.reactors import recover


def install_redrive() -> bool:
    """Make recovery re-drive runs by re-sending their agent task (the composition root
    calls this)."""
    recover.set_redrive(redrive)
    return True


__all__ = [
    "Agent",
    "Budget",
    "EffectTool",
    "OutboxTool",
    "Parked",
    "RetryPolicy",
    "RunContext",
    "RunHandle",
    "agent",
    "current",
    "current_decision_key",
    "current_effect_key",
    "effect",
    "install_redrive",
    "now",
    "outbox_tool",
    "redrive",
    "register_tasks",
    "registered",
    "sample",
    "uuid",
]
