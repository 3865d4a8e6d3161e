"""The matcher pass: journal rows -> tasks (TASK, PUBLISH reactions) and runs (AGENT).

One pass reads the journal once, in its global order (:mod:`tape.models.journal`), from the
lowest cursor of the active reactions, then, per reaction, checks each row after that
reaction's shard cursor (a position (xid, global_seq)) (``shard = FNV-1a32(run_id) %
num_shards``) against its subject pattern and CEL predicate and:

- TASK / PUBLISH: creates the row's task, deduplicated on (reaction, shard, source_global_seq),
  or folds it into a PENDING task of the same subject still inside ``debounce_ms``; the cursor
  moves in the same transaction (:func:`tape.store.reactions.match_batch`);
- AGENT: creates the run ``react-<reaction_id>-<global_seq>`` of the agent (its identity is
  unique, so two matchers at once make one run), then moves the cursor by compare-and-swap.
  A crash between the two only means the next pass finds the run already there.

Rows that match nothing still move the cursor. The pass is safe to run anywhere, any number of
times at once: beat ticks it, and worker listeners run it when Postgres notifies a commit.

Predicates are metered (:mod:`tape.events.budget`): a reaction whose predicate overruns its
budget in a batch, or whose stored predicate is refused now, is paused instead of matched (the
batch is not applied for it, so its cursor stays), with an ERROR line and a
``/tape/reaction/paused/<id>`` row. Paused reactions are skipped; the others keep matching.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tape import agent_scopes, errors
from tape.enums import HandlerKind, RunStatus
from tape.events import budget, spec
from tape.events.records import NewTask, ReactionRecord, TaskRecord
from tape.journal import Journal
from tape.records import JournalEntry, Position

logger = logging.getLogger(__name__)

#: Called after commit with a reaction and the tasks just made due for it.
TaskHint = Callable[[ReactionRecord, Sequence[TaskRecord]], None]
#: Called after a run was created for an AGENT reaction (send its agent task).
RunHint = Callable[[str, str], None]


@dataclass
class MatcherOptions:
    batch: int = 512
    #: Keep matching while batches come back full, for at most this long.
    budget_s: float = 5.0
    on_tasks: TaskHint | None = None
    on_run: RunHint | None = None
    summary: dict[str, int] = field(default_factory=dict)
    #: The predicate budget; None reads ``TAPE_PREDICATE_*`` when the pass starts.
    predicate_budget: budget.Budget | None = None


# The shard hash lives with the reaction spec: the journal (a tape server's MatchBatch)
# assigns shards too.
fnv1a32 = spec.fnv1a32
shard_of = spec.shard_of


def select_rows(
    reaction: ReactionRecord,
    rows: Sequence[JournalEntry],
    shard_cursors: dict[int, Position],
    meter: budget.Meter,
) -> list[NewTask]:
    """The rows of ``rows`` this reaction takes, past its shard cursors (no I/O).

    Raises:
        TooSlow: the predicate overran its budget (``meter``); InvalidPredicate: the stored
            predicate is refused now.
    """
    chosen: list[NewTask] = []
    for row in rows:
        shard = shard_of(row.run_id, reaction.num_shards)
        if row.position <= shard_cursors.get(shard, (0, 0)):
            continue
        if not spec.matches(reaction.subject_pattern, row.subject):
            continue
        if reaction.predicate_cel and not meter.holds(reaction.predicate_cel, row):
            continue
        chosen.append(NewTask.of(row, shard))
    return chosen


def run_once(journal: Journal, options: MatcherOptions | None = None) -> dict[str, int]:
    """Match until the journal is caught up (or the time budget is spent).

    Returns counts: ``rows`` read, ``tasks`` created or coalesced into, ``runs`` started,
    reactions ``paused``.
    """
    opts = options or MatcherOptions()
    limits = opts.predicate_budget or budget.Budget.from_env()
    summary = {"rows": 0, "tasks": 0, "runs": 0, "paused": 0}
    deadline = time.monotonic() + opts.budget_s
    while True:
        read = _one_batch(journal, opts, limits, summary)
        if read < opts.batch or time.monotonic() >= deadline:
            return summary


def _one_batch(
    journal: Journal, opts: MatcherOptions, limits: budget.Budget, summary: dict[str, int]
) -> int:
    matching = journal.matching()
    active = [r for r in matching.reactions() if not r.paused]
    if not active:
        return 0
    low = min(r.position for r in active)
    rows = matching.rows_after(low, opts.batch)
    if not rows:
        return 0
    scan_end = rows[-1].position
    summary["rows"] += len(rows)
    envelopes = budget.Envelopes()  # each row converted once for every reaction of the batch
    for reaction in active:
        if reaction.position >= scan_end:
            continue
        meter = budget.Meter(limits, envelopes)
        try:
            if reaction.handler_kind == HandlerKind.AGENT:
                summary["runs"] += _agent_batch(journal, reaction, rows, scan_end, opts, meter)
            else:
                summary["tasks"] += _task_batch(journal, reaction, rows, scan_end, opts, meter)
        except budget.TooSlow as exc:
            summary["paused"] += _pause(journal, reaction, exc.reason, exc.details)
        except errors.InvalidPredicate as exc:  # stored before today's limits: refused now
            summary["paused"] += _pause(journal, reaction, str(exc), {})
        except errors.TapeError as exc:  # one broken reaction must not stop the others
            logger.warning(
                "matcher: reaction %s skipped this pass: %s",
                reaction.reaction_id,
                exc,
                extra={"action": "match-failed", "reaction_id": reaction.reaction_id},
            )
    return len(rows)


def _pause(journal: Journal, reaction: ReactionRecord, reason: str, details: dict[str, Any]) -> int:
    """Pause ``reaction`` (its batch was not applied) and say so; 1 if this matcher did."""
    if not journal.matching().pause(reaction.reaction_id, reason, details):
        return 0
    logger.error(
        "matcher: reaction %s paused: %s; resume it with: tape reactions resume %s",
        reaction.reaction_id,
        reason,
        reaction.reaction_id,
        extra={"action": "reaction-paused", "reaction_id": reaction.reaction_id, **details},
    )
    return 1


def _task_batch(
    journal: Journal,
    reaction: ReactionRecord,
    rows: Sequence[JournalEntry],
    scan_end: Position,
    opts: MatcherOptions,
    meter: budget.Meter,
) -> int:
    matching = journal.matching()
    made = matching.match_batch(
        reaction,
        scan_end=scan_end,
        decide=lambda shard_cursors: select_rows(reaction, rows, shard_cursors, meter),
    )
    if made and opts.on_tasks is not None:
        now = matching.now_ms()
        due = [t for t in made if t.next_attempt_at_ms <= now]
        if due:
            _safely(opts.on_tasks, reaction, due)
    return len(made)


def _agent_batch(
    journal: Journal,
    reaction: ReactionRecord,
    rows: Sequence[JournalEntry],
    scan_end: Position,
    opts: MatcherOptions,
    meter: budget.Meter,
) -> int:
    matching = journal.matching()
    shard_cursors = matching.shard_cursors(reaction.reaction_id)
    started = 0
    # What @tape.agent(scopes=...) grants every run of the agent, as .delay() does, when the
    # agent is declared in this process (the worker imports the project's module).
    scopes = agent_scopes.of(reaction.agent_app)
    for chosen in select_rows(reaction, rows, shard_cursors, meter):
        run = journal.create_run(
            app_name=reaction.agent_app,
            user_id="",
            session_id="",
            invocation_id=f"react-{reaction.reaction_id}-{chosen.source_global_seq}",
            input_json={"event": _event(reaction, chosen)},
            scopes=scopes,
        )
        if not run.resumed and run.status == RunStatus.RUNNABLE and opts.on_run is not None:
            _safely(opts.on_run, reaction.agent_app, run.run_id)
        started += 1
    matching.advance(reaction.reaction_id, shard_cursors, scan_end)
    return started


def _event(reaction: ReactionRecord, chosen: NewTask) -> dict[str, Any]:
    return {
        "reaction_id": reaction.reaction_id,
        "subject": chosen.subject,
        "source_run_id": chosen.source_run_id,
        "source_global_seq": chosen.source_global_seq,
        "payload_json": chosen.payload_json,
    }


def _safely(hint: Callable[..., None], *args: Any) -> None:
    try:
        hint(*args)
    except Exception as exc:  # a hint is only a hint: the dispatch pass publishes again
        logger.warning("matcher: hint not published: %s", type(exc).__name__)
