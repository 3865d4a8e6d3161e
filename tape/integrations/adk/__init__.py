"""Google ADK on tape: an existing ADK agent made durable with one plugin.

::

    from tape.adk import TapePlugin
    runner = Runner(app=App(name="treasury", root_agent=agent, plugins=[TapePlugin()]),
                    session_service=TapeSessionService())

or, to run it on ``celery -A tape worker`` with crash recovery::

    app, runner = durable_app("treasury", agent)
    runner.delay(user_id="u1", session_id="s1", message="pay invoice 42")

Install with ``pip install -e '.[adk]'`` from tape's checkout.
"""

from __future__ import annotations

from tape.agents.context import Budget
from tape.errors import AckLost
from tape.integrations.adk.app import DurableRunner, durable_app
from tape.integrations.adk.children import ChildAgentTool
from tape.integrations.adk.gates import gate_tool
from tape.integrations.adk.plugin import TapePlugin, with_budget
from tape.integrations.adk.sessions import TapeSessionService
from tape.integrations.adk.testing import ScriptedLlm, ScriptedModel

__all__ = [
    "AckLost",
    "Budget",
    "ChildAgentTool",
    "DurableRunner",
    "ScriptedLlm",
    "ScriptedModel",
    "TapePlugin",
    "TapeSessionService",
    "durable_app",
    "gate_tool",
    "with_budget",
]
