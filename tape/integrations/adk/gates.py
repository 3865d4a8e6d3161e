"""``gate_tool``: a human gate as an ADK long-running tool."""

from __future__ import annotations

from typing import Any

from google.adk.tools.long_running_tool import LongRunningFunctionTool

from tape.agents import gates
from tape.integrations.adk.plugin import GATE_ATTRIBUTE


def gate_tool(gate_name: str, *, risk: str = "irreversible") -> LongRunningFunctionTool:
    """An ADK tool ``await_<gate_name>`` (``-`` becomes ``_``) that waits for a person.

    Called inside a tape run, it parks the run on the gate (WAITING, no worker held) until
    ``tape signal RUN_ID <gate_name> --resolution '{...}'`` (or ``Journal.send_signal``)
    delivers a resolution; the re-driven run then gets ``{"resolved": true, "gate": ...,
    **resolution}`` from the tool and goes on. Outside a tape run it resolves at once, as
    :func:`tape.gate` does.

    Raises:
        InvalidArgument: a bad gate name (empty, or a reserved ``effect:`` name).
    """
    waits = gates.gate_tool(gate_name, risk=risk)

    def gate() -> dict[str, Any]:
        return waits()

    gate.__name__ = gate.__qualname__ = waits.__name__
    gate.__doc__ = waits.__doc__
    setattr(gate, GATE_ATTRIBUTE, gate_name)
    return LongRunningFunctionTool(gate)
