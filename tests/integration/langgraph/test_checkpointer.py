"""A LangGraph agent compiled with the user's own checkpointer, on tape (issue 10).

tape is not a checkpointer: the journal replays a run from the graph's start. With
``pinned_config`` every attempt of a run forks from the thread's checkpoint at the run's start,
so an attempt that died mid-tool leaves no trace in the conversation the next run continues
(no second copy of the user's message, no second tool message), and the model is asked once
per decision. In-process (the checkpointer is an ``InMemorySaver``, which a worker restart
would lose anyway); the attempt dies with a ``BaseException`` as a SIGKILL would leave it.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

import tape
from tape import Journal, RunStatus, ScriptedModel
from tape.integrations.langgraph import ScriptedChatModel, TapeMiddleware, pinned_config

crash_next: list[bool] = []
lookups: list[str] = []


class Crash(BaseException):
    """The attempt dies here (the runner does not catch it)."""


@tape.effect()
def lookup(city: str) -> dict[str, str]:
    """The weather in ``city``."""
    lookups.append(city)
    if crash_next:
        crash_next.pop()
        raise Crash()
    return {"weather": f"sunny in {city}"}


saver = InMemorySaver()
SCRIPT: list[dict[str, Any]] = [
    {"content": "hello"},  # the thread's first run
    {"tool_calls": [{"name": "lookup", "args": {"city": "Oslo"}}]},
    {"content": "it is sunny in Oslo"},
]


@tape.agent(name="lg_checkpointed")
def lg_checkpointed(ctx: tape.RunContext, thread: str, text: str, counter: str) -> str:
    model = ScriptedChatModel(responses=SCRIPT, counter_path=counter)
    agent = create_agent(model, tools=[lookup], middleware=[TapeMiddleware()], checkpointer=saver)
    config = pinned_config(agent, {"configurable": {"thread_id": thread}})
    out = agent.invoke({"messages": [HumanMessage(text)]}, config)
    return str(out["messages"][-1].content)


def _run(journal: Journal, **inputs: Any) -> str:
    return journal.create_run(
        app_name="lg_checkpointed", invocation_id=uuid.uuid4().hex, input_json=inputs
    ).run_id


def test_every_attempt_starts_from_the_checkpoint_the_run_began_at(
    sqlite_url: str, tmp_path: Path
) -> None:
    journal = Journal(sqlite_url)
    counter, thread = str(tmp_path / "model-calls"), uuid.uuid4().hex
    first = _run(journal, thread=thread, text="hi", counter=counter)
    assert lg_checkpointed.drive(first, journal=journal).status == RunStatus.TERMINAL

    second = _run(journal, thread=thread, text="weather in Oslo?", counter=counter)
    crash_next.append(True)
    try:
        lg_checkpointed.drive(second, journal=journal)
        raise AssertionError("the attempt should have died mid-tool")
    except Crash:
        pass
    killed = journal.get_run(run_id=second)
    done = lg_checkpointed.drive(
        second, journal=journal, lease_epoch=killed.lease_epoch, takeover_from=killed.lease_owner
    )

    assert done.status == RunStatus.TERMINAL, done.detail
    assert done.detail["result"] == "it is sunny in Oslo"
    assert ScriptedModel.count_at(counter) == 3  # one per decision: 1 + 2
    assert lookups == ["Oslo", "Oslo"]  # PENDING after the crash: re-run under the same key
    head = saver.get_tuple({"configurable": {"thread_id": thread}})
    assert head is not None
    kinds = [(type(m).__name__, m.content) for m in head.checkpoint["channel_values"]["messages"]]
    assert kinds == [
        (HumanMessage.__name__, "hi"),
        (AIMessage.__name__, "hello"),
        (HumanMessage.__name__, "weather in Oslo?"),
        (AIMessage.__name__, ""),
        (ToolMessage.__name__, '{"weather": "sunny in Oslo"}'),
        (AIMessage.__name__, "it is sunny in Oslo"),
    ]
    journal.close()
