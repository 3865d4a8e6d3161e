"""The event bus on Celery: the matcher and dispatch passes, the per-reaction work task, and
the worker's start-up (register declared reactions; start the commit listener).

- ``tape.reactors.match`` (beat): the matcher pass (:mod:`tape.reactions.matcher`).
- ``tape.reactors.reaction_dispatch`` (beat): the safety net — lapsed last attempts go to the
  DLQ, and every reaction with due tasks gets ``work`` messages (a lost message, a restarted
  Redis or a debounce window that just ended cost at most one interval).
- ``tape.reactions.work(reaction_id)`` (queue ``tape.reactions``): run due tasks of one
  reaction (:func:`tape.reactions.dispatch.work`).

At ``worker_ready`` a worker registers the reactions its imported modules declared and starts
a listener thread in its main process that runs the matcher as soon as a journal row commits
(Postgres ``LISTEN``; SQLite polls every ``TAPE_REACTIONS_POLL_MS``). Any number of workers
may do so: the matcher serialises on each reaction's cursor rows.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

from tape import agents, runtime
from tape.enums import HandlerKind
from tape.reactions import declare, dispatch, matcher
from tape.reactions.records import ReactionRecord, TaskRecord
from tape.reactions.subscribe import Waker
from tape.store import tasks as task_store

logger = logging.getLogger(__name__)

MATCH_TASK = "tape.reactors.match"
DISPATCH_PASS_TASK = "tape.reactors.reaction_dispatch"
WORK_TASK = "tape.reactions.work"
REACTIONS_QUEUE = "tape.reactions"
#: At most this many ``work`` messages per reaction per matcher batch or dispatch pass.
MAX_WORK_MESSAGES = 16

_app: Celery | None = None


def _send_work(reaction_id: str, count: int = 1) -> None:
    assert _app is not None
    for _ in range(max(1, count)):
        _app.send_task(WORK_TASK, args=[reaction_id], queue=REACTIONS_QUEUE)


def work_messages(reaction: ReactionRecord, due: int) -> int:
    """How many ``work`` messages ``due`` tasks need: each one drains tasks in batches until
    none is due, so one per batch of new tasks, and never more than the reaction's slots hold
    batches (a message that finds the reaction full only costs a claim)."""
    batch = runtime.settings().task_batch
    batches = -(-due // batch)
    slots = -(-reaction.max_concurrency // batch)
    return max(1, min(batches, slots, MAX_WORK_MESSAGES))


def _on_tasks(reaction: ReactionRecord, made: Sequence[TaskRecord]) -> None:
    _send_work(reaction.reaction_id, work_messages(reaction, len(made)))


def _on_run(agent_app: str, run_id: str) -> None:
    agents.runner.send(agents.runner.TASK_PREFIX + agent_app, run_id, None, "")


def matcher_options() -> matcher.MatcherOptions:
    return matcher.MatcherOptions(on_tasks=_on_tasks, on_run=_on_run)


def match_pass() -> dict[str, int]:
    """One matcher pass (beat ticks it; running two at once is harmless)."""
    summary = matcher.run_once(runtime.journal(), matcher_options())
    if summary["tasks"] or summary["runs"]:
        logger.info("match pass: %s", summary)
    return summary


def dispatch_pass() -> dict[str, int]:
    """Dead-letter lapsed last attempts; send ``work`` for every reaction with due tasks."""
    journal = runtime.journal()
    dead = task_store.dead_letter_lapsed(journal.database)
    due = task_store.due_counts(journal.database)
    sent = 0
    if due:
        limits = {r.reaction_id: r for r in journal.list_reactions()}
        for reaction_id, count in due.items():
            reaction = limits.get(reaction_id)
            if reaction is None or reaction.handler_kind == HandlerKind.AGENT:
                continue
            n = work_messages(reaction, count)
            _send_work(reaction_id, n)
            sent += n
    return {"dead_lettered": len(dead), "work_sent": sent}


def work(reaction_id: str) -> dict[str, Any]:
    """Run due tasks of one reaction; ask for another round if the budget ran out."""
    settings = runtime.settings()
    opts = dispatch.WorkOptions(
        lease_ms=settings.task_lease_ms,
        batch=settings.task_batch,
        budget_s=min(10.0, settings.task_time_limit_s * 0.5),
        broker_url=settings.broker_url,
    )
    result = dispatch.work(runtime.journal(), reaction_id, opts)
    if result["more"]:
        _send_work(reaction_id)
    return result


# -- worker start-up --------------------------------------------------------------------------

_listener: threading.Thread | None = None
_stop = threading.Event()


def _listen() -> None:
    journal = runtime.journal()
    settings = runtime.settings()
    waker = Waker(journal.database)
    poll_s = settings.reactions_poll_ms / 1000
    opts = matcher_options()
    try:
        while not _stop.is_set():
            try:
                matcher.run_once(journal, opts)
            except Exception as exc:  # the database may be restarting: try again shortly
                logger.warning("reaction listener: matcher pass failed: %s", type(exc).__name__)
                _stop.wait(poll_s)
            waker.wait(1.0 if waker.pushes else poll_s)
    finally:
        waker.close()


def _worker_ready(**_: Any) -> None:
    global _listener
    journal = runtime.journal()
    try:
        registered = declare.register_all(journal)
    except Exception:
        logger.exception("registering declared reactions failed")
        registered = []
    if registered:
        logger.info(
            "registered %d reaction(s): %s",
            len(registered),
            ", ".join(r.reaction_id for r in registered),
        )
    if runtime.settings().reactions_listen and _listener is None:
        _stop.clear()
        _listener = threading.Thread(target=_listen, name="tape-reactions-listener", daemon=True)
        _listener.start()


def _worker_shutdown(**_: Any) -> None:
    _stop.set()


def register(app: Celery) -> None:
    global _app
    _app = app
    app.task(name=MATCH_TASK, ignore_result=True)(match_pass)
    app.task(name=DISPATCH_PASS_TASK, ignore_result=True)(dispatch_pass)
    app.task(name=WORK_TASK, ignore_result=True)(work)
    worker_ready.connect(_worker_ready, weak=False)
    worker_shutdown.connect(_worker_shutdown, weak=False)
