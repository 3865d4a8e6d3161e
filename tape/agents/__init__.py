"""Durable agents: ``@tape.agent``, ``@tape.effect``, ``@tape.outbox_tool``, ``RunContext``,
``RetryPolicy``.

Importing this package needs no broker: Celery tasks are registered on the tape Celery app when
it exists (``tape.celery_app``), and messages are sent only by ``Agent.delay`` and recovery.
Importing it installs :func:`~tape.agents.runner.redrive` as the recovery pass's re-drive.
"""

from __future__ import annotations

import importlib

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


def install_redrive() -> bool:
    """Make recovery re-drive runs by re-enqueueing their agent task (quietly skipped when
    the recovery pass is not installed)."""
    try:
        recover = importlib.import_module("tape.reactors.recover")
    except ModuleNotFoundError as exc:
        if exc.name != "tape.reactors.recover":
            raise
        return False
    set_redrive = getattr(recover, "set_redrive", None)
    if set_redrive is None:
        return False
    set_redrive(redrive)
    return True


install_redrive()

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
