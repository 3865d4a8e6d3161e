"""Every beat-ticked pass, declared once.

A pass is a plain function over a journal (:mod:`tape.reactors` for the reactors,
:mod:`tape.reactions` for the event bus's matcher and dispatch safety net). :data:`ALL` says,
for each one, its name, how often beat ticks it, whether it is on, and how one pass runs from
the settings. Everything that lists passes derives from it: the beat schedule
(:mod:`tape.beat_schedule`), the Celery tasks (:mod:`tape.tasks`), ``tape dev``'s start-up line
and ``tape pass NAME --once``.

A new pass is a function in ``tape/reactors/`` and one :class:`Pass` entry here.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tape import queues, transport
from tape.config import Settings
from tape.enums import HandlerKind
from tape.events.records import ReactionRecord, TaskRecord
from tape.journal import Journal
from tape.reactions import dispatch, matcher
from tape.reactors import compact, compensate, outbox, reconcile, recover, timers

logger = logging.getLogger(__name__)

Summary = dict[str, int]
#: Send ``count`` ``work`` messages for one reaction.
WorkSender = Callable[[str, int], None]
#: At most this many ``work`` messages per reaction per matcher batch or dispatch pass.
MAX_WORK_MESSAGES = 16


@dataclass(frozen=True)
class PassContext:
    """What the event bus's passes send.

    The defaults send through the installed transport (:mod:`tape.transport`); the Celery
    tasks give the worker's app.
    """

    #: Send ``count`` ``work`` messages for a reaction (None: the transport's).
    send_work: WorkSender | None = None
    #: Send an agent run's first task (None: the transport's).
    send_run: Callable[[str, str], None] | None = None

    def work(self, reaction_id: str, count: int) -> None:
        if self.send_work is not None:
            self.send_work(reaction_id, count)
            return
        sender = transport.current()
        for _ in range(max(1, count)):
            sender.send_reaction_work(reaction_id)

    def run(self, agent_name: str, run_id: str) -> None:
        if self.send_run is not None:
            self.send_run(agent_name, run_id)
        else:
            transport.current().send_run(agent_name, run_id, None, "")


@dataclass(frozen=True)
class Pass:
    """One beat-ticked pass."""

    #: ``tape pass NAME``; the Celery task is ``tape.reactors.NAME``.
    name: str
    #: Its name in ``tape dev``'s "reactors started" line.
    label: str
    #: Seconds between beat's ticks.
    interval: Callable[[Settings], float]
    #: One pass: how many rows ended how.
    run: Callable[[Journal, Settings, PassContext], Summary]
    #: Whether beat ticks it at all.
    enabled: Callable[[Settings], bool] = lambda settings: True
    #: Whether its duration is observed in ``tape_pass_duration_seconds``.
    timed: bool = True

    @property
    def task(self) -> str:
        """The Celery task (and beat entry) name."""
        return queues.PASS_TASK_PREFIX + self.name


def count(rows: Iterable[Mapping[str, Any]]) -> Summary:
    """How many rows ended how (by their ``result``)."""
    return dict(Counter(str(row["result"]) for row in rows))


def _logged(name: str, summary: Summary) -> Summary:
    if summary:
        logger.info("%s pass: %s", name, json.dumps(summary, sort_keys=True))
    return summary


def outbox_options(settings: Settings) -> outbox.OutboxOptions:
    return outbox.OutboxOptions(
        limit=settings.dispatch_batch,
        max_attempts=settings.max_attempts,
        lease_ms=settings.dispatch_lease_ms,
        concurrency=settings.dispatch_concurrency,
    )


def _outbox(journal: Journal, settings: Settings, _: PassContext) -> Summary:
    # Keep going while passes come back full, but well inside the task's time limit.
    budget = settings.task_time_limit_s * 0.5
    results = outbox.drain(journal, outbox_options(settings), budget_s=budget)
    return _logged("outbox", count(results))


def _reconcile(journal: Journal, settings: Settings, _: PassContext) -> Summary:
    opts = reconcile.ReconcileOptions(
        lease_ms=settings.reactor_lease_ms, pending_after_ms=settings.reconcile_pending_after_ms
    )
    return _logged("reconcile", count(reconcile.run_once(journal, opts)))


def _timers(journal: Journal, settings: Settings, _: PassContext) -> Summary:
    opts = timers.TimerOptions(lease_ms=settings.reactor_lease_ms)
    return _logged("timers", count(timers.run_once(journal, opts)))


def _compensate(journal: Journal, settings: Settings, _: PassContext) -> Summary:
    opts = compensate.CompensateOptions(lease_ms=settings.reactor_lease_ms)
    return _logged("compensate", count(compensate.run_once(journal, opts)))


def _recover(journal: Journal, settings: Settings, _: PassContext) -> Summary:
    opts = recover.RecoverOptions(lease_ms=settings.reactor_lease_ms)
    return _logged("recover", count(recover.run_once(journal, opts)))


def _compact(journal: Journal, settings: Settings, _: PassContext) -> Summary:
    if settings.compact_after_s <= 0:
        return {}
    return count(compact.run_once(journal, hot_window_ms=int(settings.compact_after_s * 1000)))


def work_messages(
    reaction: ReactionRecord, due: int, batch: int = dispatch.WorkOptions.batch
) -> int:
    """How many ``work`` messages ``due`` tasks need: each one drains tasks in batches of
    ``batch`` (``TAPE_TASK_BATCH``) until none is due, so one per batch of new tasks, and never
    more than the reaction's slots hold batches (a message that finds the reaction full only
    costs a claim)."""
    batches = -(-due // batch)
    slots = -(-reaction.max_concurrency // batch)
    return max(1, min(batches, slots, MAX_WORK_MESSAGES))


def matcher_options(context: PassContext, settings: Settings) -> matcher.MatcherOptions:
    """The matcher's options in a process that sends what ``context`` says."""

    def on_tasks(reaction: ReactionRecord, made: Sequence[TaskRecord]) -> None:
        context.work(reaction.reaction_id, work_messages(reaction, len(made), settings.task_batch))

    return matcher.MatcherOptions(on_tasks=on_tasks, on_run=context.run)


def _match(journal: Journal, settings: Settings, context: PassContext) -> Summary:
    summary = matcher.run_once(journal, matcher_options(context, settings))
    if summary["tasks"] or summary["runs"]:
        logger.info("match pass: %s", summary)
    return summary


def _reaction_dispatch(journal: Journal, settings: Settings, context: PassContext) -> Summary:
    """Dead-letter lapsed last attempts; send ``work`` for every reaction with due tasks."""
    dead = journal.dead_letter_lapsed_tasks()
    due = journal.due_task_counts()
    sent = 0
    if due:
        limits = {r.reaction_id: r for r in journal.list_reactions()}
        for reaction_id, due_count in due.items():
            reaction = limits.get(reaction_id)
            if reaction is None or reaction.handler_kind == HandlerKind.AGENT:
                continue
            n = work_messages(reaction, due_count, settings.task_batch)
            context.work(reaction_id, n)
            sent += n
    return {"dead_lettered": len(dead), "work_sent": sent}


ALL: tuple[Pass, ...] = (
    Pass("recover", "recovery", lambda s: s.recovery_interval_s, _recover),
    Pass("reconcile", "reconciler", lambda s: s.reconcile_interval_s, _reconcile),
    Pass("outbox", "outbox", lambda s: s.outbox_interval_s, _outbox),
    Pass("timers", "timers", lambda s: s.timers_interval_s, _timers),
    Pass("compensate", "compensation", lambda s: s.compensation_interval_s, _compensate),
    Pass(
        "match",
        "matcher",
        lambda s: s.reactions_interval_s,
        _match,
        timed=False,
    ),
    Pass(
        "reaction_dispatch",
        "reaction dispatch",
        lambda s: s.reactions_interval_s,
        _reaction_dispatch,
        timed=False,
    ),
    Pass(
        "compact",
        "compaction",
        lambda s: s.compact_interval_s,
        _compact,
        enabled=lambda s: s.compact_after_s > 0,  # off unless TAPE_COMPACT_AFTER is set
        timed=False,
    ),
)

BY_NAME: dict[str, Pass] = {p.name: p for p in ALL}


def enabled(settings: Settings) -> list[Pass]:
    """The passes beat ticks with ``settings``."""
    return [p for p in ALL if p.enabled(settings)]
