"""tape for the OpenAI Agents SDK (``pip install -e '.[openai-agents]'``).

Inside an ``@tape.agent`` body, run the SDK agent with :func:`run` instead of ``Runner.run``::

    from tape.integrations import openai_agents as tape_oai

    wire = tape_oai.function_tool(wire_money)        # a @tape.outbox_tool, kept as one
    bot = Agent(name="treasurer", model=..., tools=[wire])

    @tape.agent(name="treasurer")
    def treasurer(ctx: tape.RunContext, request: str) -> dict:
        return {"answer": tape_oai.run(bot, request).final_output}

or in one call: ``treasurer = tape_oai.durable_runner(bot)`` (``.delay(input="...")``).
Every model response is a decision replayed by position (:class:`TapeModel`); every function
tool is an effect keyed by its position in the model's answer, CONFIRMED calls short-circuited
on a re-drive (:mod:`.tools`); a budget refusal ends the run with the final answer
``"[tape] stopping: <reason>"``.
"""

from __future__ import annotations

try:
    import agents  # noqa: F401  (the OpenAI Agents SDK)
except ModuleNotFoundError as missing:  # pragma: no cover - depends on the installed extras
    raise ModuleNotFoundError(
        "tape.integrations.openai_agents needs the OpenAI Agents SDK: "
        "pip install 'tape[openai-agents]'"
    ) from missing

from tape.integrations.openai_agents.model import (
    TapeModel,
    TapeModelProvider,
    durable_model,
    response_from_json,
    response_to_json,
)
from tape.integrations.openai_agents.runner import (
    arun,
    durable,
    durable_config,
    durable_runner,
    result_json,
    run,
)
from tape.integrations.openai_agents.testing import ScriptedModel
from tape.integrations.openai_agents.tools import function_tool, make_durable_tool

__all__ = [
    "ScriptedModel",
    "TapeModel",
    "TapeModelProvider",
    "arun",
    "durable",
    "durable_config",
    "durable_model",
    "durable_runner",
    "function_tool",
    "make_durable_tool",
    "response_from_json",
    "response_to_json",
    "result_json",
    "run",
]
