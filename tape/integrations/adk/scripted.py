"""Moved to :mod:`tape.integrations.adk.testing` (every adapter's test double lives in its
``testing`` module, named ``ScriptedModel``); this module keeps older imports working."""

from __future__ import annotations

from tape.integrations.adk.testing import ScriptedLlm, ScriptedModel, call, text, user_text

__all__ = ["ScriptedLlm", "ScriptedModel", "call", "text", "user_text"]
