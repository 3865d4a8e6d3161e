"""``ChildAgentTool``: an ADK ``AgentTool`` whose sub-agent runs as a child run.

ADK's ``AgentTool`` runs its sub-agent in a nested ``Runner`` inside the tool call, so the
sub-agent's model turns and tool calls would share the calling run's journal positions, and a
crash inside it would re-run the whole call. ``ChildAgentTool(agent)`` is the same tool for
the model (same name, description and arguments), but inside a tape run it starts the
sub-agent as a child run (:mod:`tape.agents.children`): the sub-agent is a durable app of its
own (``durable_app``), with its own journal, lease and recovery, and the calling run parks
until it ends, then gets its answer as the tool's result. Outside a tape run it is ADK's
``AgentTool``.

The module that builds it must be imported by the workers (``TAPE_IMPORTS``), as for
``durable_app``: the child's agent is registered when the tool is made.
"""

from __future__ import annotations

import json
from typing import Any

from google.adk.agents.base_agent import BaseAgent
from google.adk.tools.agent_tool import AgentTool
from google.adk.tools.tool_context import ToolContext

from tape.agents import children, context
from tape.integrations.adk.app import DurableRunner, durable_app


class ChildAgentTool(AgentTool):
    """An ``AgentTool`` that runs ``agent`` as a child run inside a tape run."""

    def __init__(
        self,
        agent: BaseAgent,
        *,
        app_name: str = "",
        lease_ttl_ms: int = 60_000,
        **kwargs: Any,
    ) -> None:
        super().__init__(agent=agent, **kwargs)
        # The child's durable app: its agent is registered now, in every process that builds
        # this tool (the worker included).
        self.child_app_name = app_name or f"adk-child.{agent.name}"
        _, runner = durable_app(self.child_app_name, agent, lease_ttl_ms=lease_ttl_ms)
        self.child_runner: DurableRunner = runner

    async def run_async(self, *, args: dict[str, Any], tool_context: ToolContext) -> Any:
        ctx = context.current()
        if ctx is None:
            return await super().run_async(args=args, tool_context=tool_context)
        request = args.get("request")
        message = request if isinstance(request, str) else json.dumps(args, sort_keys=True)
        # Keyed by its place in the calling run: a re-driven caller gets the same child, and
        # parks on it until it has ended (ChildRunFailed if it did not end TERMINAL).
        handle = children.start_child_in(ctx, self.child_runner.tape_agent, message=message)
        outcome = handle.wait()
        return outcome.get("answer", "") if isinstance(outcome, dict) else outcome
