"""A user's LangGraph checkpointer alongside tape, without two sources of truth.

tape replays a run from the graph's start: the n-th model call is decision n. A checkpointer
that resumed a crashed attempt mid-graph would skip model calls and shift every position. So a
graph compiled with a checkpointer (for conversation memory across runs) must start every
attempt of a run from the same checkpoint: the thread's state when the run began.
:func:`pinned_config` records that checkpoint once per run (``ctx.sample``) and returns the
config that forks from it; the attempt that finishes becomes the thread's head, a crashed
attempt's checkpoints stay behind on a dead branch.
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig

from tape.integrations import core
from tape.integrations.langgraph._model import FRAMEWORK


def pinned_config(graph: Any, config: RunnableConfig) -> RunnableConfig:
    """``config`` (with a ``thread_id``) pinned to the thread's checkpoint at the run's start.

    A thread with no checkpoint yet gets an empty one first, so there is a start to fork from.

    Raises:
        NotInRun: called outside a tape run.
    """
    ctx = core.require_run(FRAMEWORK)
    configurable = dict(config.get("configurable") or {})
    thread = {
        **config,
        "configurable": {k: v for k, v in configurable.items() if k != "checkpoint_id"},
    }

    def start() -> str:
        found = graph.get_state(thread).config.get("configurable", {}).get("checkpoint_id")
        if found:
            return str(found)
        return str(graph.update_state(thread, None)["configurable"]["checkpoint_id"])

    checkpoint_id = ctx.sample("langgraph-checkpoint", start)
    pinned: RunnableConfig = {
        **config,
        "configurable": {**configurable, "checkpoint_id": checkpoint_id},
    }
    return pinned
