"""Helpers for testing code that uses tape, shipped with the package.

Test doubles have one name and one module per framework: :class:`ScriptedModel` here (tape's
own ``ctx.decide``), and ``ScriptedModel`` in ``tape.integrations.<framework>.testing`` for
each adapter (``adk``, ``langgraph``, ``openai_agents``, ``pydantic_ai``), each answering from
a script of ``{"content": ...}`` / ``{"tool_calls": [...]}`` entries with no network.

:class:`FakeUpstream` is a real local HTTP server that models a non-idempotent bank, with
fault injection (canned replies, slow replies after a commit, connection resets, refused
connections) and counters readable in-process or over HTTP::

    from tape.testing import FakeUpstream

    with FakeUpstream() as bank:
        connector = bank.http_connector("bank.wire", timeout_s=0.5)
        bank.delay(2.0)                      # commit, then reply too late
        assert connector.dispatch(effect).status == "unknown"
        assert bank.count(effect.idempotency_key) == 1
"""

from __future__ import annotations

from tape.llm.scripted import ScriptedModel
from tape.testing.upstream import FakeUpstream, ReceivedRequest

__all__ = ["FakeUpstream", "ReceivedRequest", "ScriptedModel"]
