"""``TapeDurability``: the capability that makes a Pydantic AI agent durable on tape.

Like Pydantic AI's Temporal, DBOS and Prefect integrations it wraps the agent's I/O at the
public durable-execution seams: the model that serves each request
(:class:`~tape.integrations.pydantic_ai.model.TapeModel`: requests are decisions) and the
assembled toolset (:class:`~tape.integrations.pydantic_ai.toolset.TapeToolset`: tool calls are
effects). The durable container is the tape run: ``agent.run()`` inside an ``@tape.agent``
function, re-driven from the top by recovery after a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic_ai.capabilities import AbstractCapability
from pydantic_ai.models import Model
from pydantic_ai.toolsets import AbstractToolset

from tape.integrations.pydantic_ai.model import TapeModel
from tape.integrations.pydantic_ai.toolset import TapeToolset


@dataclass
class TapeDurability(AbstractCapability[Any]):
    """``Agent(model, capabilities=[TapeDurability()])``: decisions and effects on tape."""

    def get_wrapper_model(self, model: Model) -> Model | None:
        return model if isinstance(model, TapeModel) else TapeModel(model)

    def get_wrapper_toolset(self, toolset: AbstractToolset[Any]) -> AbstractToolset[Any] | None:
        return toolset if isinstance(toolset, TapeToolset) else TapeToolset(toolset)
