"""``durable_app``: an ADK agent as a durable tape agent, started with ``.delay(...)``.

``durable_app(name, agent)`` returns ADK's ``App`` (with :class:`TapePlugin`) and a
:class:`DurableRunner` on :class:`TapeSessionService`. ``runner.delay(user_id=, session_id=,
message=)`` creates the run in the journal and sends its task to ``celery -A tape worker``
(the worker must import the module that calls ``durable_app``: ``TAPE_IMPORTS``). The task
runs one ADK invocation whose id is the run's ``invocation_id``. When the worker dies, recovery
re-drives the *same* invocation: the events the crashed attempt appended to the session are
dropped first, then the invocation runs again from the top, its model turns replayed from the
journal and its confirmed tool calls short-circuited, so the session ends as if nothing had
happened (its state keeps what the crashed attempt wrote; every write is replayed anyway).

ADK's resumability stays off: ADK's own resume re-runs tools at least once and rebuilds the
invocation from session events; inside a tape run the journal is the one record.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from google.adk.agents.base_agent import BaseAgent
from google.adk.apps.app import App
from google.adk.plugins.base_plugin import BasePlugin
from google.adk.runners import Runner
from google.adk.sessions.base_session_service import BaseSessionService
from google.genai import types

from tape import errors
from tape.agents import runner as agents
from tape.agents.context import Budget, RunContext
from tape.integrations import core
from tape.integrations.adk.plugin import FRAMEWORK, Prices, TapePlugin
from tape.integrations.adk.sessions import TapeSessionService


class DurableRunner(Runner):
    """An ADK ``Runner`` whose invocations can also run as durable tape agent tasks."""

    tape_agent: agents.Agent[Any]
    tape_plugin: TapePlugin

    @property
    def name(self) -> str:
        """The tape agent's name (the runs' ``app_name``, the task ``tape.agents.<name>``)."""
        return self.tape_agent.name

    def delay(
        self,
        *,
        user_id: str,
        message: str,
        session_id: str = "",
        invocation_id: str | None = None,
    ) -> agents.RunHandle:
        """Run one invocation (``message`` from ``user_id`` in ``session_id``) on a worker.

        Returns at once with the run's handle (``.wait()``, ``.state()``). The same
        ``invocation_id`` names the same run; ``session_id`` defaults to a new session.
        """
        return self.tape_agent.delay(
            invocation_id=invocation_id or "e-" + uuid.uuid4().hex,
            user_id=user_id,
            session_id=session_id or uuid.uuid4().hex,
            message=message,
        )

    def drive(self, ctx: RunContext, message: str) -> dict[str, Any]:
        """The tape agent's body: run this run's invocation to its end (or until it parks)."""
        run = ctx.journal.get_run(run_id=ctx.run_id)
        return core.run_coroutine(
            self._invoke(run.user_id, run.session_id, run.invocation_id, message)
        )

    async def _invoke(
        self, user_id: str, session_id: str, invocation_id: str, message: str
    ) -> dict[str, Any]:
        if isinstance(self.session_service, TapeSessionService):
            await self.session_service.rewind_invocation(
                app_name=self.app_name,
                user_id=user_id,
                session_id=session_id,
                invocation_id=invocation_id,
            )
        answer = ""
        try:
            async for event in self.run_async(
                user_id=user_id,
                session_id=session_id,
                invocation_id=invocation_id,
                new_message=types.Content(role="user", parts=[types.Part(text=message)]),
            ):
                if event.is_final_response() and event.content and event.content.parts:
                    answer = "".join(part.text or "" for part in event.content.parts)
        finally:
            self.tape_plugin.forget(invocation_id)
        return {"answer": answer, "invocation_id": invocation_id}


def durable_app(
    name: str,
    agent: BaseAgent,
    *,
    session_service: BaseSessionService | None = None,
    plugins: Iterable[BasePlugin] = (),
    budget: Budget | None = None,
    prices: Prices | None = None,
    lease_ttl_ms: int | None = None,
    app_kwargs: Mapping[str, Any] | None = None,
    runner_kwargs: Mapping[str, Any] | None = None,
) -> tuple[App, DurableRunner]:
    """ADK's ``App`` and a :class:`DurableRunner` for ``agent``, wired to tape.

    Args:
        name: the app's name: ADK's app name and the tape agent's name.
        agent: the root agent.
        session_service: default :class:`TapeSessionService` on this process's journal.
        plugins: more ADK plugins (after :class:`TapePlugin`).
        budget: caps set on every run; prices: USD per million tokens (see TapePlugin).
        lease_ttl_ms: the run lease; a dead worker's run is re-driven after it expires.
        app_kwargs / runner_kwargs: passed to ``App`` / ``Runner``.

    Raises:
        ConfigurationError: ``app_kwargs`` turn ADK resumability on.
    """
    app_options = dict(app_kwargs or {})
    resumability = app_options.get("resumability_config")
    if resumability is not None and getattr(resumability, "is_resumable", False):
        raise errors.ConfigurationError(
            "durable_app keeps ADK resumability off: the tape journal is what a re-driven "
            "invocation replays (ADK's own resume re-runs tools at least once)"
        )
    plugin = TapePlugin(prices=prices)
    app = App(name=name, root_agent=agent, plugins=[plugin, *plugins], **app_options)
    runner_options: dict[str, Any] = {"auto_create_session": True, **(runner_kwargs or {})}
    runner = DurableRunner(
        app=app, session_service=session_service or TapeSessionService(), **runner_options
    )

    def body(ctx: RunContext, message: str) -> dict[str, Any]:
        return runner.drive(ctx, message)

    body.__name__ = body.__qualname__ = name
    body.__doc__ = f"The ADK app {name!r} as a durable tape agent ({FRAMEWORK})."
    runner.tape_plugin = plugin
    runner.tape_agent = agents.agent(name=name, lease_ttl_ms=lease_ttl_ms, budget=budget)(body)
    return app, runner
