"""Pydantic AI on tape (``pip install -e '.[pydantic-ai]'``).

- :class:`TapeDurability`: ``Agent(model, capabilities=[TapeDurability()])`` inside an
  ``@tape.agent`` function; model requests are decisions, tool calls are effects;
- :class:`TapeModel` / :class:`TapeToolset`: the two wrappers, for assembling by hand;
- :class:`ScriptedModel` (older name ``scripted_model``): a scripted ``FunctionModel`` for
  tests and the scaffold.
"""

from __future__ import annotations

from tape.integrations.pydantic_ai.capability import TapeDurability
from tape.integrations.pydantic_ai.model import TapeModel
from tape.integrations.pydantic_ai.testing import ScriptedModel, scripted_model
from tape.integrations.pydantic_ai.toolset import TapeToolset

__all__ = ["ScriptedModel", "TapeDurability", "TapeModel", "TapeToolset", "scripted_model"]
