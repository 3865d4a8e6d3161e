"""Typed records of the event bus: reactions (with their cursors) and tasks."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tape.enums import HandlerKind, TaskStatus


@dataclass(frozen=True, slots=True)
class ReactionRecord:
    """A registered reaction, as stored."""

    reaction_id: str
    name: str
    subject_pattern: str
    predicate_cel: str
    handler_kind: HandlerKind
    agent_app: str
    publish_target: str
    max_concurrency: int
    rate_limit_per_s: int
    debounce_ms: int
    retry_max: int
    retry_backoff_ms: int
    dlq_after_n: int
    num_shards: int
    created_at_ms: int
    deleted: bool
    next_start_at_ms: int = 0
    #: When the matcher paused it (0: not paused), and why (:mod:`tape.events.budget`).
    paused_at_ms: int = 0
    paused_reason: str = ""
    #: shard -> ``global_seq`` of the last row the matcher has read (filled by listing calls).
    cursors: dict[int, int] = field(default_factory=dict)
    #: shard -> the position (xid, global_seq) of that row in the global order
    #: (:mod:`tape.models.journal`): what the matcher compares.
    positions: dict[int, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "handler_kind", HandlerKind(self.handler_kind))
        object.__setattr__(self, "deleted", bool(self.deleted))

    @property
    def position(self) -> tuple[int, int]:
        """The lowest shard position: every row at or before it has been matched."""
        return min(self.positions.values()) if self.positions else (0, 0)

    @property
    def cursor(self) -> int:
        """The ``global_seq`` of :attr:`position` (the lowest shard cursor)."""
        return self.position[1]

    @property
    def paused(self) -> bool:
        """Whether the matcher skips it (see ``paused_reason``)."""
        return self.paused_at_ms > 0


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """One reaction task (a matched journal row waiting for, or done with, its handler)."""

    task_id: str
    reaction_id: str
    shard: int
    source_global_seq: int
    source_run_id: str
    subject: str
    payload_json: str
    status: TaskStatus
    attempts: int
    next_attempt_at_ms: int
    lease_owner: str
    lease_expires_at_ms: int
    last_error: str
    created_at_ms: int
    completed_at_ms: int
    trace_id: str = ""
    parent_span_id: str = ""
    claimed_at_ms: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", TaskStatus(self.status))

    @property
    def payload(self) -> Any:
        return json.loads(self.payload_json) if self.payload_json else {}


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """What a claim got: the tasks, or why none (``"concurrency"``, ``"rate"``, ``"none"``)
    and, for a rate limit, how long until the next start is allowed."""

    tasks: tuple[TaskRecord, ...]
    reason: str = ""
    wait_ms: int = 0


@dataclass(frozen=True, slots=True)
class NewTask:
    """A task the matcher decided to create for one journal row."""

    shard: int
    source_global_seq: int
    source_run_id: str
    subject: str
    payload_json: str
    trace_id: str = ""
    parent_span_id: str = ""

    @classmethod
    def of(cls, row: Any, shard: int) -> NewTask:
        """The task of journal row ``row`` (a :class:`tape.records.JournalEntry`) in ``shard``."""
        return cls(
            shard=shard,
            source_global_seq=row.global_seq,
            source_run_id=row.run_id,
            subject=row.subject,
            payload_json=row.payload_json,
            trace_id=row.trace_id,
            parent_span_id=row.span_id,
        )


#: Given the locked shard cursors, the tasks to create (pure: no I/O).
#: (A position is (xid, global_seq): a row's place in the global order, tape/store/entries.py.)
Decide = Callable[[dict[int, tuple[int, int]]], Sequence[NewTask]]
