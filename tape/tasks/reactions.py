"""The event bus on Celery: what its passes send in a worker, the per-reaction work task, and
the worker's start-up (register declared reactions; start the commit listener).

- ``tape.reactors.match`` (beat, :mod:`tape.passes`): the matcher pass
  (:mod:`tape.reactions.matcher`).
- ``tape.reactors.reaction_dispatch`` (beat, :mod:`tape.passes`): the safety net — lapsed
  last attempts go to the DLQ, and every reaction with due tasks gets ``work`` messages (a lost
  message, a restarted Redis or a debounce window that just ended cost at most one interval).
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
from typing import Any

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

from tape import agents, passes, queues, runtime
from tape.reactions import declare, dispatch, matcher

logger = logging.getLogger(__name__)

WORK_TASK = queues.REACTION_WORK_TASK
REACTIONS_QUEUE = queues.REACTIONS_QUEUE
MAX_WORK_MESSAGES = passes.MAX_WORK_MESSAGES
work_messages = passes.work_messages

_app: Celery | None = None


def _send_work(reaction_id: str, count: int = 1) -> None:
    assert _app is not None
    for _ in range(max(1, count)):
        _app.send_task(WORK_TASK, args=[reaction_id], queue=REACTIONS_QUEUE)


def _send_run(agent_app: str, run_id: str) -> None:
    agents.runner.send(agents.runner.TASK_PREFIX + agent_app, run_id, None, "")


def context() -> passes.PassContext:
    """What the event bus's passes send in a worker: on this app."""
    return passes.PassContext(send_work=_send_work, send_run=_send_run)


def matcher_options() -> matcher.MatcherOptions:
    return passes.matcher_options(context(), runtime.settings())


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
    waker = journal.commit_waker()
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
    app.task(name=WORK_TASK, ignore_result=True)(work)
    worker_ready.connect(_worker_ready, weak=False)
    worker_shutdown.connect(_worker_shutdown, weak=False)
