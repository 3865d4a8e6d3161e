"""Models an agent asks for decisions through ``ctx.decide(model, request)``.

A model is anything with a ``name`` and ``__call__(request: dict) -> dict`` (:class:`Model`).
Requests and responses are journaled as JSON, so both must be JSON-serialisable; a response may
carry ``usage`` (``total_tokens``, ``usd``) that is charged to the run's budget.

- :class:`ScriptedModel` returns canned responses in order (tests and demos);
- :class:`OpenAIChatModel` adapts any OpenAI-compatible chat-completions client.
"""

from __future__ import annotations

from tape.llm.base import Model, usage_of
from tape.llm.openai import OpenAIChatModel
from tape.llm.scripted import ScriptedModel

__all__ = ["Model", "OpenAIChatModel", "ScriptedModel", "usage_of"]
