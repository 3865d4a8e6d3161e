"""Moved to :mod:`tape.integrations.openai_agents.testing` (every adapter's test double lives
in its ``testing`` module, named ``ScriptedModel``); this module keeps older imports working."""

from __future__ import annotations

from tape.integrations.openai_agents.testing import ScriptedModel

__all__ = ["ScriptedModel"]
