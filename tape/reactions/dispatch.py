"""Running reaction tasks: claim by compare-and-swap, call the handler or sink, settle.

:func:`work` is what the Celery task ``tape.reactions.work`` runs for one reaction: claim the
oldest due task (the claim enforces ``max_concurrency`` and ``rate_limit_per_s`` for every
worker at once), run it while a heartbeat renews the claim, complete it or nack it (backoff,
then the DLQ), and go on with the next due task until none is left or the time budget is
spent, then ask for another round. A redelivered or duplicate message finds nothing to claim,
or the reaction at its limit, and returns. Handlers run at least once per task: a worker that
dies mid-handler leaves a claim that lapses and is claimed again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tape import errors
from tape.enums import HandlerKind
from tape.journal import Journal
from tape.reactions import declare, sinks
from tape.reactions.records import ReactionRecord, TaskRecord

logger = logging.getLogger(__name__)

#: The longest a worker waits in-process for a rate-limited reaction's next slot.
MAX_RATE_WAIT_MS = 1000


@dataclass
class WorkOptions:
    lease_ms: int = 60_000
    budget_s: float = 10.0
    owner: str = ""
    broker_url: str = ""


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
    deadline = time.monotonic() + opts.budget_s
    while time.monotonic() < deadline:
        claim = journal.claim_task_batch(
            reaction_id=reaction_id, owner=owner, max=1, lease_ms=opts.lease_ms
        )
        if claim.reason == "rate" and claim.wait_ms <= MAX_RATE_WAIT_MS:
            time.sleep(claim.wait_ms / 1000)
            continue
        if not claim.tasks:
            result["stopped"] = claim.reason or "none"
            return result
        ok = run_task(journal, claim.tasks[0], run, owner=owner, lease_ms=opts.lease_ms)
        result["done" if ok else "failed"] = int(result["done" if ok else "failed"]) + 1  # type: ignore[call-overload]
    result["more"] = True
    return result


def run_task(
    journal: Journal,
    task: TaskRecord,
    run: Callable[[declare.Envelope], object],
    *,
    owner: str,
    lease_ms: int,
) -> bool:
    """Call ``run`` for a task this owner claimed, then complete or nack it. True if done."""
    envelope = declare.Envelope.of(task)
    with _heartbeat(journal, task, owner, lease_ms):
        try:
            run(envelope)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            logger.warning(
                "reaction %s task %s attempt %d failed: %s",
                task.reaction_id,
                task.task_id,
                task.attempts,
                type(exc).__name__,
                extra={"action": "task-failed", "task_id": task.task_id},
            )
            _settle(journal.nack_task, task, owner, error=error)
            return False
    _settle(journal.complete_task, task, owner)
    return True


def _settle(call: Callable[..., TaskRecord], task: TaskRecord, owner: str, **extra: str) -> None:
    try:
        call(task_id=task.task_id, owner=owner, attempts=task.attempts, **extra)
    except errors.TaskLeaseLost as exc:
        # The claim lapsed and someone else has the task now: their outcome counts.
        logger.warning(
            "task %s settled elsewhere: %s", task.task_id, exc, extra={"action": "task-lost"}
        )


@contextmanager
def _heartbeat(journal: Journal, task: TaskRecord, owner: str, lease_ms: int) -> Iterator[None]:
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(lease_ms / 3000):
            try:
                if not journal.heartbeat_task(
                    task_id=task.task_id, owner=owner, attempts=task.attempts, lease_ms=lease_ms
                ):
                    return
            except Exception:
                logger.warning("task heartbeat failed; retrying", exc_info=True)

    beat = threading.Thread(target=renew, name=f"tape-task-{task.task_id[:8]}", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=5)
