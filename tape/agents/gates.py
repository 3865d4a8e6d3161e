"""Gates: a run that waits for a human (or any outside event) to answer, durably.

``tape.gate("cfo-approval")`` inside a run returns the gate's resolution once it was sent
(``tape signal RUN_ID cfo-approval --resolution '{"approved": true}'``, or
``Journal.send_signal``); until then it parks the run: the run is WAITING on the gate, its
lease released, and the attempt ends. The signal makes the run RUNNABLE, recovery re-drives
it, the agent replays up to the gate (decisions and effects from the journal) and this time
the gate returns the resolution. One signal slot exists per gate name and run: the first
delivery wins.

``tape.gate_tool("cfo-approval")`` is the same as a tool function named ``await_cfo_approval``,
for agents whose model picks the tools it calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tape import errors, validate
from tape.agents import context

#: Gate names the runtime uses to wait for an outbox effect's outcome; a person cannot
#: release those (``tape resolve`` settles the effect instead).
RESERVED_PREFIX = "effect:"
#: Gate names a parent run waits on for a child run (tape/agents/children.py).
CHILD_PREFIX = "child:"


def gate_name(name: str) -> str:
    """Check a user gate name: non-empty, bounded, and not one the runtime reserves.

    Raises:
        InvalidArgument: empty, too long, not a string, or starting with ``effect:``.
    """
    checked = validate.required(name, "gate_name")
    if checked.startswith(CHILD_PREFIX):
        raise errors.InvalidArgument(
            f"gate name {name!r} is reserved: gates named 'child:<run>' wait for a child run "
            "and are released when it ends"
        )
    if checked.startswith(RESERVED_PREFIX):
        raise errors.InvalidArgument(
            f"gate name {name!r} is reserved: gates named 'effect:<key>' wait for an outbox "
            "effect and are released by its outcome (settle the effect with `tape resolve`)"
        )
    return checked


def gate(
    name: str, payload: dict[str, Any] | None = None, *, risk: str = "irreversible"
) -> dict[str, Any]:
    """Wait at the gate ``name`` until its resolution is delivered; return it.

    Inside a run: when the gate's signal was delivered, returns
    ``{"resolved": True, "gate": name, **resolution}`` (a resolution that is not a JSON object
    is returned as ``"resolution"``). Otherwise the run parks on the gate (WAITING, the
    context ``{"risk": risk, **payload}`` stored for whoever answers) and this attempt ends;
    the run is re-driven when the signal arrives and this call then returns the resolution.

    :meth:`RunContext.await_gate` returns the same shape.

    Outside a run there is nobody to wait and no journal to wait in: :class:`NotInRun` is
    raised, never an approval nobody gave.

    Args:
        name: the gate (one signal slot per gate name and run).
        payload: context for the person answering (JSON object), kept on the signal row.
        risk: what is at stake, stored with the payload (upstream Tape's default).

    Raises:
        InvalidArgument: a bad name (empty, or a reserved ``effect:`` name), a payload that
            is not a JSON object, a risk that is not a string. Nothing is written.
        NotInRun: called outside a tape run (nothing is approved by default).
        StaleLease: this attempt was fenced off by a takeover.
    """
    checked = gate_name(name)
    if payload is not None and not isinstance(payload, dict):
        raise errors.InvalidArgument(
            f"gate payload must be a JSON object (dict), not {type(payload).__name__}"
        )
    context_json = {"risk": validate.optional(risk, "risk"), **(payload or {})}
    validate.payload(context_json, "payload")
    ctx = context.current()
    if ctx is None:
        raise errors.NotInRun(
            f"tape.gate({checked!r}) was called outside a tape run: a gate waits for its answer "
            "in a run's journal, so it is never resolved by default"
        )
    return ctx.await_gate(checked, context_json)  # parks (raises Parked) if not delivered


def gate_tool(name: str, *, risk: str = "irreversible") -> Callable[[], dict[str, Any]]:
    """A tool function for the gate ``name``: ``await_<name>`` (``-`` becomes ``_``).

    Calling it is :func:`gate` ``(name, risk=risk)`` (so outside a run it raises
    :class:`~tape.errors.NotInRun`); give it to an agent whose model chooses
    its tools, so the model can ask for the approval itself.

    Raises:
        InvalidArgument: a bad gate name (checked now, not at the first call).
    """
    checked = gate_name(name)
    validate.optional(risk, "risk")

    def await_gate() -> dict[str, Any]:
        return gate(checked, risk=risk)

    tool_name = "await_" + checked.replace("-", "_")
    await_gate.__name__ = await_gate.__qualname__ = tool_name
    await_gate.__doc__ = (
        f"Pause until the '{checked}' approval/event arrives, then return its resolution."
    )
    return await_gate
