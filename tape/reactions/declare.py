"""``tape.on(...)`` and its helpers: reaction declarations, collected per process.

A declaration contacts nothing. A worker registers every reaction of the modules it imports
(``TAPE_IMPORTS``) when it starts (:func:`register_all`, an upsert by id), and its processes
find a TASK reaction's handler here by reaction id. Ids default to the reaction's name, which
defaults to the handler's ``module.qualname``: every worker derives the same id.

Example::

    @tape.on_effect_confirmed("wire")
    def notify_ledger(envelope: tape.Envelope) -> None:
        ledger.post(envelope.payload, dedupe_key=envelope.task_id)
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tape import errors
from tape.enums import HandlerKind
from tape.events import spec

if TYPE_CHECKING:
    from tape.events.records import ReactionRecord, TaskRecord
    from tape.journal import Journal

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Envelope:
    """What a TASK reaction's handler receives for one matched journal row."""

    task_id: str
    reaction_id: str
    subject: str
    source_run_id: str
    source_global_seq: int
    attempts: int
    payload: Any
    payload_json: str
    trace_id: str = ""
    parent_span_id: str = ""

    @classmethod
    def of(cls, task: TaskRecord) -> Envelope:
        try:
            payload = json.loads(task.payload_json) if task.payload_json else {}
        except json.JSONDecodeError:
            payload = None
        return cls(
            task_id=task.task_id,
            reaction_id=task.reaction_id,
            subject=task.subject,
            source_run_id=task.source_run_id,
            source_global_seq=task.source_global_seq,
            attempts=task.attempts,
            payload=payload,
            payload_json=task.payload_json,
            trace_id=task.trace_id,
            parent_span_id=task.parent_span_id,
        )

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


Handler = Callable[[Envelope], Any]


@dataclass(frozen=True)
class ReactionDef:
    """One declared reaction (the columns it registers with, plus its handler)."""

    columns: dict[str, Any]
    bootstrap_from_head: bool = False
    handler: Handler | None = field(default=None, compare=False)

    @property
    def reaction_id(self) -> str:
        return str(self.columns["reaction_id"])

    @property
    def handler_kind(self) -> HandlerKind:
        return HandlerKind(self.columns["handler_kind"])

    def register(self, journal: Journal) -> ReactionRecord:
        """Upsert this reaction in ``journal``."""
        cols = self.columns
        return journal.register_reaction(
            reaction_id=cols["reaction_id"],
            name=cols["name"],
            subject_pattern=cols["subject_pattern"],
            predicate_cel=cols["predicate_cel"],
            agent_app=cols["agent_app"],
            publish_target=cols["publish_target"],
            max_concurrency=cols["max_concurrency"],
            rate_limit_per_s=cols["rate_limit_per_s"],
            debounce_ms=cols["debounce_ms"],
            retry_max=cols["retry_max"],
            retry_backoff_ms=cols["retry_backoff_ms"],
            dlq_after_n=cols["dlq_after_n"],
            num_shards=cols["num_shards"],
            bootstrap_from_head=self.bootstrap_from_head,
        )


_registry: dict[str, ReactionDef] = {}
_lock = threading.Lock()


def declared() -> dict[str, ReactionDef]:
    """The reactions declared in this process, by id."""
    with _lock:
        return dict(_registry)


def handler_for(reaction_id: str) -> Handler | None:
    """The handler this process has for a TASK reaction, or None."""
    found = _registry.get(reaction_id)
    return found.handler if found is not None else None


def clear() -> None:
    """Forget every declaration (tests)."""
    with _lock:
        _registry.clear()


def register_all(journal: Journal) -> list[ReactionRecord]:
    """Register every reaction declared in this process (what a worker does at start).

    A reaction the journal refuses (say its predicate overruns the ``TAPE_PREDICATE_BUDGET_MS``
    of the process that registers it) is logged at ERROR and left out; the others register.
    """
    registered: list[ReactionRecord] = []
    for definition in declared().values():
        try:
            registered.append(definition.register(journal))
        except errors.InvalidArgument as exc:
            logger.error(
                "reaction %s not registered: %s",
                definition.reaction_id,
                exc,
                extra={"action": "reaction-refused", "reaction_id": definition.reaction_id},
            )
    return registered


class Declaration:
    """What :func:`on` returns: a decorator for a TASK handler, already registered in this
    process for AGENT and PUBLISH reactions (they have no handler)."""

    def __init__(self, columns: dict[str, Any], bootstrap_from_head: bool, named: bool) -> None:
        self._columns = columns
        self._bootstrap = bootstrap_from_head
        self._named = named
        self.definition: ReactionDef | None = None
        if columns["handler_kind"] != HandlerKind.TASK:
            self.definition = _add(ReactionDef(dict(columns), bootstrap_from_head))

    @property
    def reaction_id(self) -> str:
        return str(self._columns["reaction_id"])

    def __call__(self, fn: Handler) -> Handler:
        columns = dict(self._columns)
        if not self._named:
            columns["name"] = f"{fn.__module__}.{fn.__qualname__}"
            columns["reaction_id"] = spec.default_id(columns["name"])
            self._columns = columns
        self.definition = _add(ReactionDef(columns, self._bootstrap, fn))
        fn.reaction_id = columns["reaction_id"]  # type: ignore[attr-defined]
        return fn


def _add(definition: ReactionDef) -> ReactionDef:
    with _lock:
        _registry[definition.reaction_id] = definition
    return definition


def on(
    pattern: str,
    predicate: str | None = None,
    *,
    agent: str | None = None,
    publish: str | None = None,
    max_concurrency: int = 1,
    rate_limit_per_s: int = 0,
    debounce_ms: int = 0,
    retry_max: int = 5,
    retry_backoff_ms: int = 1000,
    dlq_after_n: int = 5,
    num_shards: int = 1,
    name: str | None = None,
    reaction_id: str | None = None,
    bootstrap_from_head: bool = False,
) -> Declaration:
    """Declare a reaction to journal rows whose subject matches ``pattern``.

    With neither ``agent`` nor ``publish`` it is a TASK reaction: decorate a handler
    ``fn(envelope: Envelope)``. It runs as a Celery task, at least once per matched row (an
    exception retries it with backoff, then it goes to the DLQ). ``agent="name"`` starts one
    run of that tape agent per row (``event=<envelope>``); ``publish="redis-stream:<name>"``
    or ``publish="https://..."`` sends each row to a sink.

    Args:
        pattern: a subject pattern (``*`` one segment, trailing ``**`` the rest).
        predicate: a CEL expression over the row's envelope (see :mod:`tape.events.predicates`).
        max_concurrency: handlers of this reaction running at once, across all workers.
        rate_limit_per_s: handler starts per second, across all workers (0: no limit).
        debounce_ms: rows on one subject within this window become one task (the newest row).
        retry_backoff_ms: first retry delay; doubles per attempt, at most 1 h.
        dlq_after_n: attempts before a failing task goes to the DLQ.
        num_shards: shards of the reaction's cursor (tasks are claimable per shard).
        name, reaction_id: default to the handler's ``module.qualname``.
        bootstrap_from_head: on first registration, skip the history already in the journal.

    Raises:
        InvalidSubjectPattern, InvalidPredicate, ReactionConfigError: at declaration.
    """
    named = bool(name or reaction_id)
    label = name or reaction_id or f"{agent or publish or 'task'}:{pattern}"
    columns = spec.normalise(
        reaction_id=reaction_id or spec.default_id(label),
        name=label,
        subject_pattern=pattern,
        predicate_cel=predicate or "",
        agent_app=agent or "",
        publish_target=publish or "",
        max_concurrency=max_concurrency,
        rate_limit_per_s=rate_limit_per_s,
        debounce_ms=debounce_ms,
        retry_max=retry_max,
        retry_backoff_ms=retry_backoff_ms,
        dlq_after_n=dlq_after_n,
        num_shards=num_shards,
    )
    return Declaration(columns, bootstrap_from_head, named)


def _segment(value: str) -> str:
    return value if value in ("*", "**") else quote(value, safe="")


def on_effect_confirmed(tool: str = "*", **options: Any) -> Declaration:
    """Rows of effects of ``tool`` (``*``: any) that were confirmed."""
    return on(f"/tape/effect/confirmed/{_segment(tool or '*')}/**", **options)


def on_effect_failed(tool: str = "*", **options: Any) -> Declaration:
    """Rows of effects of ``tool`` that failed."""
    return on(f"/tape/effect/failed/{_segment(tool or '*')}/**", **options)


def on_effect_unknown(tool: str = "*", **options: Any) -> Declaration:
    """Rows of effects of ``tool`` whose outcome became unknown."""
    return on(f"/tape/effect/unknown/{_segment(tool or '*')}/**", **options)


def on_run(status: str = "terminal", **options: Any) -> Declaration:
    """Run lifecycle rows with ``status`` (``terminal``, ``failed``, ``stuck``, ...)."""
    return on(f"/tape/run/{_segment(status or 'terminal')}/**", **options)


def on_gate(gate: str, verb: str = "released", **options: Any) -> Declaration:
    """A gate's ``released`` (or ``waiting``) rows."""
    return on(f"/tape/gate/{_segment(verb or 'released')}/{_segment(gate)}/**", **options)


def on_value_change(namespace: str, key: str = "*", **options: Any) -> Declaration:
    """Writes of ``key`` (``*``: any key; ``""``: any, with the rest wildcard) in a namespace."""
    return on(f"/tape/value/changed/{_segment(namespace)}/{_segment(key or '**')}", **options)


def on_value_deleted(namespace: str, key: str = "*", **options: Any) -> Declaration:
    """Deletes of ``key`` in a namespace."""
    return on(f"/tape/value/deleted/{_segment(namespace)}/{_segment(key or '**')}", **options)


def on_decision_recorded(**options: Any) -> Declaration:
    """Every recorded decision."""
    return on("/tape/decision/recorded/**", **options)
