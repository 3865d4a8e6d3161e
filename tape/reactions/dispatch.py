"""Running reaction tasks: claim by compare-and-swap, call the handler or sink, settle.

:func:`work` is what the Celery task ``tape.reactions.work`` runs for one reaction: claim the
oldest due tasks (the claim enforces ``max_concurrency`` and ``rate_limit_per_s`` for every
worker at once), run them while a heartbeat renews the claims, complete or nack them (backoff,
then the DLQ), and go on until none is due or the time budget is spent, then ask for another
round. A worker claims up to ``batch`` tasks at once (never more than the reaction's free
slots), runs their handlers on the process's handler threads and completes the successes in one
transaction: one claim and one commit per batch, not per task.

A redelivered or duplicate message finds nothing to claim, or the reaction at its limit, and
returns. Handlers run at least once per task: a worker that dies mid-handler leaves claims
that lapse and are claimed again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from tape import errors
from tape.enums import HandlerKind
from tape.events.records import ReactionRecord, TaskRecord
from tape.journal import Journal
from tape.reactions import declare, sinks

logger = logging.getLogger(__name__)

#: The longest a worker waits in-process for a rate-limited reaction's next slot.
MAX_RATE_WAIT_MS = 1000


@dataclass
class WorkOptions:
    lease_ms: int = 60_000
    budget_s: float = 10.0
    owner: str = ""
    broker_url: str = ""
    #: Tasks claimed at once (within the reaction's free slots; ``TAPE_TASK_BATCH``); their
    #: handlers run on threads of one process and the successes are completed in one
    #: transaction. A claim and a completion cost about the same for 1 task as for 64, so at a
    #: high rate of small tasks the batch sets the bus's throughput (docs/scaling.md); a
    #: reaction whose handlers are CPU-bound spreads over more processes with a smaller one.
    batch: int = 64


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


_sinks: dict[str, sinks.Sink] = {}
_sinks_lock = threading.Lock()


def _sink(target: str, broker_url: str) -> sinks.Sink:
    with _sinks_lock:
        found = _sinks.get(target)
        if found is None:
            env = dict(os.environ)
            if broker_url:
                env.setdefault("TAPE_BROKER_URL", broker_url)
            found = _sinks[target] = sinks.for_target(target, env)
        return found


def _runner(reaction: ReactionRecord, opts: WorkOptions) -> Callable[[declare.Envelope], object]:
    if reaction.handler_kind == HandlerKind.PUBLISH:
        sink = _sink(reaction.publish_target, opts.broker_url)
        return sink.send
    handler = declare.handler_for(reaction.reaction_id)
    if handler is None:
        raise LookupError(reaction.reaction_id)
    return handler


def work(journal: Journal, reaction_id: str, opts: WorkOptions) -> dict[str, object]:
    """Run due tasks of one reaction. Returns ``{"done", "failed", "more", "stopped"}``:
    ``more`` is True when the budget ran out with tasks possibly left (ask again)."""
    owner = opts.owner or default_owner()
    result: dict[str, object] = {"done": 0, "failed": 0, "more": False, "stopped": ""}
    try:
        reaction = journal.get_reaction(reaction_id=reaction_id)
    except errors.ReactionNotFound:
        result["stopped"] = "no-such-reaction"
        return result
    if reaction.deleted or reaction.handler_kind == HandlerKind.AGENT:
        result["stopped"] = "not-dispatchable"
        return result
    try:
        run = _runner(reaction, opts)
    except LookupError:
        # This process does not import the handler: leave the task to a worker that does.
        result["stopped"] = "no-handler-here"
        return result
    done = failed = 0
    deadline = time.monotonic() + opts.budget_s
    while time.monotonic() < deadline:
        claim = journal.claim_task_batch(
            reaction_id=reaction_id, owner=owner, max=opts.batch, lease_ms=opts.lease_ms
        )
        if claim.reason == "rate" and claim.wait_ms <= MAX_RATE_WAIT_MS:
            time.sleep(claim.wait_ms / 1000)
            continue
        if not claim.tasks:
            result.update(done=done, failed=failed, stopped=claim.reason or "none")
            return result
        ok, bad = run_tasks(
            journal, list(claim.tasks), run, owner=owner, lease_ms=opts.lease_ms, threads=opts.batch
        )
        done, failed = done + ok, failed + bad
    result.update(done=done, failed=failed, more=True)
    return result


def run_tasks(
    journal: Journal,
    claimed: list[TaskRecord],
    run: Callable[[declare.Envelope], object],
    *,
    owner: str,
    lease_ms: int,
    threads: int = WorkOptions.batch,
) -> tuple[int, int]:
    """Call ``run`` for tasks this owner claimed (at once, one thread each of the process's
    ``threads`` handler threads), then complete the ones that returned in one transaction and
    nack the ones that raised. Returns (done, failed)."""
    errors_by_task: dict[str, str] = {}
    with _heartbeat(journal, claimed, owner, lease_ms):
        if len(claimed) == 1:
            outcomes = [_call(run, claimed[0])]
        else:
            pool = _handler_pool(max(threads, len(claimed)))
            outcomes = list(pool.map(lambda t: _call(run, t), claimed))
    for task, error in zip(claimed, outcomes, strict=True):
        if error is not None:
            errors_by_task[task.task_id] = error
    succeeded = [(t.task_id, t.attempts) for t in claimed if t.task_id not in errors_by_task]
    if succeeded:
        _, lost = journal.complete_tasks(claims=succeeded, owner=owner)
        for exc in lost:
            # The claim lapsed and someone else has the task now: their outcome counts.
            logger.warning("task settled elsewhere: %s", exc, extra={"action": "task-lost"})
    for task in claimed:
        if task.task_id in errors_by_task:
            try:
                journal.nack_task(
                    task_id=task.task_id,
                    owner=owner,
                    attempts=task.attempts,
                    error=errors_by_task[task.task_id],
                )
            except errors.TaskLeaseLost as exc:
                logger.warning("task settled elsewhere: %s", exc, extra={"action": "task-lost"})
    return len(succeeded), len(errors_by_task)


#: (pid, threads, pool): this process's handler threads.
_pool: tuple[int, int, ThreadPoolExecutor] | None = None
_pool_lock = threading.Lock()


def _handler_pool(size: int) -> ThreadPoolExecutor:
    """This process's handler threads, made once with ``size`` threads (the batch), so a
    batch of 64 does not start and join 64 threads; a forked child makes its own. A pool
    asked for more threads than it has is replaced, never shut down: a batch may still be
    handing it work."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid() or _pool[1] < size:
            _pool = (os.getpid(), size, ThreadPoolExecutor(size, thread_name_prefix="tape-task"))
        return _pool[2]


def _call(run: Callable[[declare.Envelope], object], task: TaskRecord) -> str | None:
    try:
        run(declare.Envelope.of(task))
    except Exception as exc:
        logger.warning(
            "reaction %s task %s attempt %d failed: %s",
            task.reaction_id,
            task.task_id,
            task.attempts,
            type(exc).__name__,
            extra={"action": "task-failed", "task_id": task.task_id},
        )
        return f"{type(exc).__name__}: {exc}"
    return None


@contextmanager
def _heartbeat(
    journal: Journal, claimed: list[TaskRecord], owner: str, lease_ms: int
) -> Iterator[None]:
    stop = threading.Event()
    ids = [t.task_id for t in claimed]

    def renew() -> None:
        while not stop.wait(lease_ms / 3000):
            try:
                if not journal.heartbeat_tasks(task_ids=ids, owner=owner, lease_ms=lease_ms):
                    return
            except Exception:
                logger.warning("task heartbeat failed; retrying", exc_info=True)

    beat = threading.Thread(target=renew, name="tape-task-heartbeat", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=5)
