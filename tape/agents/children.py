"""Composed runs from agent code: child runs and deadlines (docs/composing.md).

A *child run* is a run of another agent that a run starts (``ctx.start_child(agent, **args)``
inside an agent, or ``agent.delay(parent=run_id, ...)`` from anywhere). It is a run like any
other, with its own journal, lease and recovery; ``tape_run_links`` records its parent.
Inside the parent, ``handle.wait()`` (or ``await handle``) returns the child's result: until
the child has ended, the parent parks on the gate ``child:<child run id>`` (WAITING, its lease
released), and the child's end releases it in the same transaction that ends the child
(:mod:`tape.store.children`), so the parent never waits for a child that already ended.

A child started from inside a run is keyed by its place in the parent (decision index, agent,
call index), so a re-driven parent finds the child it started before instead of starting a
second one.

A *deadline* (``@tape.agent(deadline=...)``, ``.delay(deadline=...)``) is a durable timer on the
run (:mod:`tape.reactors.deadlines`). A child inherits what is left of its parent's deadline:
its own deadline is the earlier of the two.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tape import errors, validate
from tape.enums import RunStatus
from tape.journal import Journal
from tape.reactors import deadlines
from tape.records import RunState
from tape.store import run_links as links

if TYPE_CHECKING:
    from tape.agents.context import RunContext
    from tape.agents.runner import Agent


def deadline_ms(deadline: Any, what: str = "deadline=") -> int:
    """A ``deadline=`` argument in milliseconds (0: none).

    Raises:
        InvalidArgument: not a positive duration.
    """
    return deadlines.to_ms(deadline, what)


def parent_run_id(parent: Any) -> str:
    """The run id a ``parent=`` argument names (a run id, or anything with ``run_id``)."""
    value = getattr(parent, "run_id", parent)
    if not isinstance(value, str):
        raise errors.InvalidArgument(
            f"parent= must be a run id or a run handle, not {type(parent).__name__}"
        )
    return validate.required(value, "parent", max_chars=64)


@dataclass(frozen=True)
class Composition:
    """What ``Agent.delay`` writes beside a new run: its parent link and its deadline."""

    parent: str
    deadline_ms: int

    @classmethod
    def of(cls, agent: Agent[Any], *, deadline: Any, parent: Any, journal: Journal) -> Composition:
        """Check ``deadline=`` and ``parent=`` before anything is journaled.

        Raises:
            InvalidArgument: a bad deadline or parent. RunNotFound: no such parent.
        """
        ms = deadline_ms(deadline, "deadline=") if deadline is not None else agent.deadline_ms
        parent_id = parent_run_id(parent) if parent is not None else ""
        if parent_id:
            journal.get_run(run_id=parent_id)  # RunNotFound before the child exists
        return cls(parent_id, ms)

    def attach(self, journal: Journal, run: RunState | None) -> None:
        """Link the new run to its parent and arm its deadline (both idempotent)."""
        if run is None or (not self.parent and not self.deadline_ms):
            return
        now = journal.database.now_ms()
        fire_at = now + self.deadline_ms if self.deadline_ms else 0
        if self.parent:
            journal.link_run(run_id=run.run_id, parent_run_id=self.parent)
            inherited = journal.run_tree(run_id=self.parent).get("deadline_at_ms") or 0
            if inherited and (not fire_at or inherited < fire_at):
                fire_at = inherited  # what is left of the parent's time
        if fire_at:
            deadlines.arm(journal, run.run_id, fire_at - now, now_ms=now)


class ChildHandle:
    """A child run started inside its parent (:func:`tape.agents.context.start_child`)."""

    def __init__(self, ctx: RunContext, run_id: str, *, resumed: bool) -> None:
        self._ctx = ctx
        self.run_id = run_id
        self.resumed = resumed

    def __repr__(self) -> str:
        return f"ChildHandle(run_id={self.run_id!r})"

    def state(self) -> RunState:
        """The child run as stored now."""
        return self._ctx.journal.get_run(run_id=self.run_id)

    def wait(self) -> Any:
        """The child's result (its agent's return value) once it has ended TERMINAL.

        Until it has ended, the parent parks on it (this attempt ends; the parent is re-driven
        when the child ends, replays to here, and gets the result).

        Raises:
            ChildRunFailed: the child ended FAILED or CANCELLED.
        """
        gate = links.child_gate(self.run_id)
        answer = self._ctx.await_gate(gate, {"child_run_id": self.run_id})
        outcome = json.loads(answer) if isinstance(answer, str) else answer
        status = str(outcome.get("status", ""))
        detail = outcome.get("detail") or {}
        if status == RunStatus.TERMINAL.name:
            return detail.get("result")
        raise errors.ChildRunFailed(
            f"child run {self.run_id} ended {status}",
            run_id=self.run_id,
            status=status,
            detail=detail,
        )

    def __await__(self) -> Generator[Any, None, Any]:
        return self.wait()
        yield  # an awaitable that never suspends: parking ends the attempt instead


def start_child_in(
    ctx: RunContext,
    agent: Agent[Any],
    *,
    deadline: Any = None,
    **inputs: Any,
) -> ChildHandle:
    """Start a run of ``agent`` as a child of the run ``ctx`` drives (see the module doc).

    The child shares the parent's user and session, is keyed by its place in the parent (a
    re-driven parent gets the same child back) and has at most what is left of the parent's
    deadline.

    Raises:
        AgentArgumentsError, ScopeDenied: as ``agent.delay`` (nothing is journaled).
        InvalidArgument: ``agent`` is not a ``@tape.agent``.
    """
    # Checked by shape, not by class: this module sits below the runner that defines Agent.
    if not isinstance(getattr(agent, "task_name", None), str) or not callable(
        getattr(agent, "delay", None)
    ):
        raise errors.InvalidArgument(f"start_child needs a @tape.agent, not {type(agent).__name__}")
    decision, call = ctx.call_position(f"child:{agent.name}")
    parent = ctx.journal.get_run(run_id=ctx.run_id)
    handle = agent.delay(
        invocation_id=f"{ctx.run_id}/decision-{decision}/child/{agent.name}/{call}",
        user_id=parent.user_id,
        session_id=parent.session_id,
        journal=ctx.journal,
        deadline=deadline,
        parent=ctx.run_id,
        **inputs,
    )
    return ChildHandle(ctx, handle.run_id, resumed=handle.resumed)
