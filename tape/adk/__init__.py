"""``tape.adk``: upstream Tape's import path for the Google ADK integration
(:mod:`tape.integrations.adk`), so ported code keeps its imports."""

from __future__ import annotations

from tape.integrations.adk import (
    AckLost,
    Budget,
    ChildAgentTool,
    DurableRunner,
    ScriptedLlm,
    TapePlugin,
    TapeSessionService,
    durable_app,
    gate_tool,
    with_budget,
)

__all__ = [
    "AckLost",
    "Budget",
    "ChildAgentTool",
    "DurableRunner",
    "ScriptedLlm",
    "TapePlugin",
    "TapeSessionService",
    "durable_app",
    "gate_tool",
    "with_budget",
]
