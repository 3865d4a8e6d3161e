"""Reactions and their tasks, and live subscriptions (docs/event-bus.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tape import errors, validate
from tape.enums import TaskStatus
from tape.events import budget, spec
from tape.events.records import ClaimResult, Decide, NewTask, ReactionRecord, TaskRecord
from tape.journal.base import DEFAULT_CLAIM_LEASE_MS, JournalBase
from tape.records import JournalEntry
from tape.store import entries, subscribe
from tape.store import reactions as store
from tape.store import tasks as task_store
from tape.store.engine import Database

#: ClaimTasks' default batch (upstream Tape's).
DEFAULT_CLAIM_MAX = 16


class ReactionsMixin(JournalBase):
    """``RegisterReaction``, ``DeregisterReaction``, ``ListReactions``, ``ClaimTasks``,
    ``CompleteTask``, ``NackTask``, ``ListTasks``; ``retry_task``; ``resume_reaction``;
    ``subscribe``."""

    def register_reaction(
        self,
        *,
        subject_pattern: str,
        reaction_id: str = "",
        name: str = "",
        predicate_cel: str = "",
        agent_app: str = "",
        publish_target: str = "",
        max_concurrency: int = 1,
        rate_limit_per_s: int = 0,
        debounce_ms: int = 0,
        retry_max: int = 5,
        retry_backoff_ms: int = 1000,
        dlq_after_n: int = 5,
        num_shards: int = 1,
        bootstrap_from_head: bool = False,
    ) -> ReactionRecord:
        """Upsert a reaction by id (an empty id gets a UUID; a deleted one comes back).

        Zeros take upstream Tape's defaults (max_concurrency 1, num_shards 1, dlq_after_n 5,
        retry_max 5, retry_backoff_ms 1000). ``bootstrap_from_head`` counts only on creation:
        the reaction then sees only rows committed after it; otherwise it replays the journal.

        Raises:
            InvalidSubjectPattern, InvalidPredicate, ReactionConfigError: nothing written.
        """
        if not isinstance(bootstrap_from_head, bool):
            raise errors.ReactionConfigError("bootstrap_from_head must be True or False")
        for field, value in (("name", name), ("agent_app", agent_app)):
            validate.optional(value, field)  # their columns hold 255 characters
        validate.optional(publish_target, "publish_target")
        columns = spec.normalise(
            reaction_id=reaction_id,
            name=name,
            subject_pattern=subject_pattern,
            predicate_cel=predicate_cel,
            agent_app=agent_app,
            publish_target=publish_target,
            max_concurrency=max_concurrency,
            rate_limit_per_s=rate_limit_per_s,
            debounce_ms=debounce_ms,
            retry_max=retry_max,
            retry_backoff_ms=retry_backoff_ms,
            dlq_after_n=dlq_after_n,
            num_shards=num_shards,
        )
        return store.register(self._db, columns, bootstrap_from_head=bootstrap_from_head)

    def deregister_reaction(self, *, reaction_id: str) -> bool:
        """Soft-delete a reaction (its tasks stay); False if it was already deregistered.

        Raises:
            ReactionNotFound.
        """
        reaction_id = validate.required(reaction_id, "reaction_id", max_chars=64)
        return store.deregister(self._db, reaction_id)

    def resume_reaction(self, *, reaction_id: str, operator: str, note: str = "") -> ReactionRecord:
        """Lift the pause the matcher put on a reaction whose predicate overran its budget
        (:mod:`tape.events.budget`); journaled with who. The matcher takes the reaction up
        at its cursor: rows it skipped while paused are matched then.

        Raises:
            ReactionNotFound; IllegalTransition: it is not paused.
        """
        return store.resume(
            self._db,
            validate.required(reaction_id, "reaction_id", max_chars=64),
            operator=validate.required(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
        )

    def get_reaction(self, *, reaction_id: str) -> ReactionRecord:
        """Raises ReactionNotFound."""
        return store.get(self._db, validate.required(reaction_id, "reaction_id", max_chars=64))

    def list_reactions(
        self, *, subject_pattern: str = "", include_deleted: bool = False
    ) -> list[ReactionRecord]:
        """Reactions (oldest first), all or those registered with exactly ``subject_pattern``."""
        found, _ = store.list_reactions(
            self._db,
            subject_pattern=validate.optional(subject_pattern, "subject_pattern", max_chars=1024),
            include_deleted=include_deleted,
        )
        return found

    def reaction_lag(self) -> tuple[list[ReactionRecord], int]:
        """Active reactions and the journal head: ``head - reaction.cursor`` rows to match."""
        return store.list_reactions(self._db)

    def claim_tasks(
        self,
        *,
        reaction_id: str,
        owner: str,
        shard: int = -1,
        lease_ms: int = 0,
        max: int = 0,
        respect_limits: bool = True,
    ) -> list[TaskRecord]:
        """Claim due tasks of a reaction (``shard < 0``: any shard; ``lease_ms`` 0 = 60 s,
        ``max`` 0 = 16). Each claim counts an attempt. ``max_concurrency`` and
        ``rate_limit_per_s`` are enforced here, for every claimer at once: fewer (or no) tasks
        come back while the reaction is at its limit.

        Raises:
            ReactionNotFound; InvalidArgument.
        """
        return list(
            self.claim_task_batch(
                reaction_id=reaction_id,
                owner=owner,
                shard=shard,
                lease_ms=lease_ms,
                max=max,
                respect_limits=respect_limits,
            ).tasks
        )

    def claim_task_batch(
        self,
        *,
        reaction_id: str,
        owner: str,
        shard: int = -1,
        lease_ms: int = 0,
        max: int = 0,
        task_id: str = "",
        respect_limits: bool = True,
    ) -> ClaimResult:
        """:meth:`claim_tasks`, saying why nothing was claimed (and how long a rate limit
        asks to wait); ``task_id`` claims that task only."""
        for value, field in ((shard, "shard"), (lease_ms, "lease_ms"), (max, "max")):
            if isinstance(value, bool) or not isinstance(value, int):
                raise errors.InvalidArgument(f"{field} must be an integer")
        if lease_ms < 0 or max < 0:
            raise errors.InvalidArgument("lease_ms and max must be >= 0")
        return task_store.claim(
            self._db,
            validate.required(reaction_id, "reaction_id", max_chars=64),
            owner=validate.required(owner, "owner"),
            lease_ms=lease_ms or DEFAULT_CLAIM_LEASE_MS,
            max_tasks=validate.limit(max or DEFAULT_CLAIM_MAX, "max"),
            shard=shard,
            task_id=validate.optional(task_id, "task_id", max_chars=64),
            respect_limits=respect_limits,
        )

    def heartbeat_tasks(self, *, task_ids: list[str], owner: str, lease_ms: int) -> set[str]:
        """Extend the claims ``owner`` still holds; returns the ids it still holds."""
        return task_store.heartbeat(
            self._db, list(task_ids), owner=owner, lease_ms=validate.ttl(lease_ms)
        )

    def complete_task(self, *, task_id: str, owner: str, attempts: int = 0) -> TaskRecord:
        """CLAIMED -> DONE. ``attempts`` (optional) fences off a claim that lapsed and was
        taken again.

        Raises:
            TaskNotFound; TaskLeaseLost.
        """
        return task_store.complete(
            self._db,
            validate.required(task_id, "task_id", max_chars=64),
            owner=validate.required(owner, "owner"),
            attempts=attempts,
        )

    def complete_tasks(
        self, *, claims: list[tuple[str, int]], owner: str
    ) -> tuple[list[TaskRecord], list[errors.TapeError]]:
        """:meth:`complete_task` for many (task id, attempts) claims in one transaction.
        Returns the tasks done and the errors (TaskLeaseLost, TaskNotFound) for the rest."""
        return task_store.complete_many(
            self._db, list(claims), owner=validate.required(owner, "owner")
        )

    def nack_task(
        self,
        *,
        task_id: str,
        owner: str,
        error: str = "",
        permanent: bool = False,
        attempts: int = 0,
    ) -> TaskRecord:
        """A failed attempt: FAILED, due again after ``min(retry_backoff_ms * 2^(attempts-1),
        1 h)``; DLQ when ``permanent`` or ``attempts >= dlq_after_n``.

        Raises:
            TaskNotFound; TaskLeaseLost.
        """
        if not isinstance(permanent, bool):
            raise errors.InvalidArgument("permanent must be True or False")
        return task_store.nack(
            self._db,
            validate.required(task_id, "task_id", max_chars=64),
            owner=validate.required(owner, "owner"),
            error=validate.optional(error, "error", max_chars=validate.MAX_PAYLOAD_BYTES),
            permanent=permanent,
            attempts=attempts,
        )

    def retry_task(self, *, task_id: str, operator: str, note: str = "") -> TaskRecord:
        """Send a DLQ task back (PENDING, due now, attempts from zero); journaled with who.

        Raises:
            TaskNotFound; IllegalTransition when it is not in the DLQ.
        """
        return task_store.retry(
            self._db,
            validate.required(task_id, "task_id", max_chars=64),
            operator=validate.required(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
        )

    def get_task(self, *, task_id: str) -> TaskRecord:
        """Raises TaskNotFound."""
        return task_store.get(self._db, validate.required(task_id, "task_id", max_chars=64))

    def list_tasks(
        self,
        *,
        reaction_id: str = "",
        status: TaskStatus | int | str | None = None,
        limit: int = 200,
    ) -> list[TaskRecord]:
        """Tasks, newest first, optionally of one reaction and one status (0/None: any)."""
        wanted = None
        if status not in (None, 0, TaskStatus.UNSPECIFIED):
            wanted = validate.enum(TaskStatus, status, "status")
        return task_store.list_tasks(
            self._db,
            reaction_id=validate.optional(reaction_id, "reaction_id", max_chars=64),
            status=wanted,
            limit=validate.limit(limit),
        )

    def matching(self) -> ReactionMatching:
        """What the event bus's matcher reads and writes, each call its own transaction.

        Over ``tape://`` each of its calls is an RPC (:mod:`tape.rpc.matching`).
        """
        return ReactionMatching(self._db)

    def commit_waker(self) -> subscribe.Waker:
        """Something that waits for the next journal commit (Postgres ``LISTEN``; a timer on
        SQLite). Close it when done. Over ``tape://`` it follows the server's ``WatchCommits``
        stream (:mod:`tape.rpc.live`)."""
        return subscribe.Waker(self._db)

    def dead_letter_lapsed_tasks(self) -> list[TaskRecord]:
        """Move claims whose lease lapsed on their last allowed attempt to the DLQ (their
        worker died or hung ``dlq_after_n`` times); the tasks moved."""
        return task_store.dead_letter_lapsed(self._db)

    def due_task_counts(self) -> dict[str, int]:
        """Reaction id -> how many of its tasks a claim could take now."""
        return task_store.due_counts(self._db)

    def count_tasks(self, *, reaction_id: str = "") -> dict[TaskStatus, int]:
        """How many tasks are in each status."""
        return task_store.count_by_status(self._db, reaction_id)

    def subscribe(
        self,
        *,
        subject_pattern: str = "",
        predicate: str = "",
        from_global_seq: int = 0,
        kind: str = "",
        run_id: str = "",
        poll_interval_s: float = 0.25,
        idle_timeout_s: float | None = None,
    ) -> Iterator[JournalEntry]:
        """Journal rows as they commit, in the journal's global order, each once: those
        after the row ``from_global_seq`` that match the pattern, kind, run and CEL
        ``predicate``. On Postgres that order is (writing transaction, ``global_seq``), not
        ``global_seq`` alone (docs/event-bus.md, "The global order").

        On Postgres the reader wakes on ``NOTIFY`` (milliseconds after a commit); on SQLite it
        polls every ``poll_interval_s``. ``idle_timeout_s`` ends the iteration after that long
        without a new row (None: never).

        Raises:
            InvalidSubjectPattern, InvalidPredicate: before anything is read.
        """
        return subscribe.follow(
            self._db,
            subject_pattern=spec.check_pattern(subject_pattern),
            predicate=predicates_validate(predicate),
            from_global_seq=_non_negative(from_global_seq, "from_global_seq"),
            kind=validate.optional(kind, "kind"),
            run_id=validate.optional(run_id, "run_id", max_chars=64),
            poll_interval_s=float(validate.non_negative(poll_interval_s, "poll_interval_s")),
            idle_timeout_s=idle_timeout_s,
        )


def predicates_validate(source: Any) -> str:
    return budget.validate(source or "")


def _non_negative(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise errors.InvalidArgument(f"{field} must be an integer >= 0")
    return value


class ReactionMatching:
    """The matcher's reads and writes (:mod:`tape.reactions.matcher`), on one database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def now_ms(self) -> int:
        return self._db.now_ms()

    def reactions(self) -> list[ReactionRecord]:
        """Every reaction (oldest first), with its cursors."""
        listed, _ = store.list_reactions(self._db)
        return listed

    def rows_after(self, position: entries.Position, limit: int) -> list[JournalEntry]:
        """Journal rows after ``position`` in the global order (below the horizon)."""
        return entries.read(self._db, after_position=position, limit=limit)

    def pause(self, reaction_id: str, reason: str, details: dict[str, Any]) -> bool:
        """Pause a reaction (its batch was not applied); True if this call paused it."""
        return store.pause(self._db, reaction_id, reason, details)

    def match_batch(
        self, reaction: ReactionRecord, *, scan_end: entries.Position, decide: Decide
    ) -> list[TaskRecord]:
        """One matcher transaction (:func:`tape.store.reactions.match_batch`)."""
        return store.match_batch(self._db, reaction, scan_end=scan_end, decide=decide)

    def shard_cursors(self, reaction_id: str) -> dict[int, entries.Position]:
        return store.shard_cursors(self._db, reaction_id)

    def match_chosen(
        self, reaction_id: str, *, scan_end: entries.Position, chosen: list[int]
    ) -> list[TaskRecord]:
        """:meth:`match_batch` for a matcher that is not beside the database (a tape server's
        ``MatchBatch``): the rows are named by ``global_seq`` (those its predicate took) and
        read here, up to ``scan_end``; each gets the task ``match_batch`` would make, past the
        shard cursors locked in its transaction. A row that is not in the journal, or whose
        subject the reaction's pattern does not take, is left out.

        Raises:
            ReactionNotFound.
        """
        reaction = store.get(self._db, reaction_id)
        wanted = set(chosen)
        low = min(store.shard_cursors(self._db, reaction_id).values(), default=(0, 0))
        found: list[tuple[entries.Position, NewTask]] = []
        while wanted and low < scan_end:
            rows = entries.read(self._db, after_position=low, limit=subscribe.PAGE)
            for row in rows:
                if row.position > scan_end:
                    break
                if row.global_seq in wanted and spec.matches(reaction.subject_pattern, row.subject):
                    shard = spec.shard_of(row.run_id, reaction.num_shards)
                    found.append((row.position, NewTask.of(row, shard)))
            if len(rows) < subscribe.PAGE:
                break
            low = rows[-1].position

        def decide(locked: dict[int, entries.Position]) -> list[NewTask]:
            return [new for at, new in found if at > locked.get(new.shard, (0, 0))]

        return store.match_batch(self._db, reaction, scan_end=scan_end, decide=decide)

    def advance(
        self,
        reaction_id: str,
        expected: dict[int, entries.Position],
        scan_end: entries.Position,
    ) -> bool:
        """Move the reaction's cursors to ``scan_end`` if they are still ``expected``."""
        return store.advance(self._db, reaction_id, expected, scan_end)
