"""The event bus's matcher over ``tape://``: :meth:`RemoteJournal.matching` and the server's side.

Locally :meth:`tape.Journal.matching` hands the matcher (:mod:`tape.reactions.matcher`) an
object whose calls each run one transaction, and ``match_batch`` calls back into the matcher
(``decide``) while it holds the reaction's cursor rows locked. A callback cannot cross the
network, so over ``tape://`` the matcher pass stays in the client (the worker or ``tape pass
match`` that runs it) and the work is split where it can be:

- the client reads the reactions (``ReactionLag``, with their cursor positions) and the rows
  (``ReadJournal`` after the lowest cursor), and evaluates each reaction's pattern and CEL
  predicate against them, metered exactly as beside the database;
- it sends the rows its predicate took, by ``global_seq``, in ``MatchBatch``; the server reads
  those rows itself (their payloads come from its journal, never from the client), locks the
  cursors and keeps the rows past them (what ``decide`` does with the locked cursors: the
  cursors only move forward, so the rows past the cursors the client saw and past the locked
  ones are the client's choice filtered again), makes the tasks and moves the cursors, in one
  transaction (:meth:`tape.journal.reactions.ReactionMatching.match_chosen`);
- ``PauseReaction``, ``ShardCursors`` and ``AdvanceReaction`` are the other calls, one each.

So two matchers at once, local or remote, still serialise on the cursor rows and make each
task once. A unary RPC per step keeps the server's limits as they are: no call holds a server
thread longer than one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from google.protobuf.message import Message

from tape import validate
from tape.events.records import Decide, ReactionRecord, TaskRecord
from tape.journal import Journal
from tape.records import JournalEntry
from tape.rpc import convert
from tape.rpc.v1 import tape_pb2

if TYPE_CHECKING:
    from tape.rpc.remote import RemoteJournal

Position = tuple[int, int]

#: The RPCs :meth:`RemoteJournal.matching`'s object calls.
RPCS = (
    "ReactionLag",
    "ReadJournal",
    "PauseReaction",
    "ShardCursors",
    "MatchBatch",
    "AdvanceReaction",
)


class RemoteMatching:
    """:class:`tape.journal.reactions.ReactionMatching` over a ``tape server``."""

    def __init__(self, journal: RemoteJournal) -> None:
        self._journal = journal

    def now_ms(self) -> int:
        return self._journal.database.now_ms()

    def reactions(self) -> list[ReactionRecord]:
        listed, _ = self._journal.reaction_lag()
        return listed

    def rows_after(self, position: Position, limit: int) -> list[JournalEntry]:
        # A position is the place of the row with its global_seq: the server reads on from there.
        return self._journal.read_journal(after_global_seq=position[1], limit=limit)

    def pause(self, reaction_id: str, reason: str, details: dict[str, Any]) -> bool:
        request = tape_pb2.PauseReactionRequest(
            reaction_id=reaction_id, reason=reason, details_json=json.dumps(details, default=str)
        )
        reply = self._journal._call("PauseReaction", request, tape_pb2.PauseReactionResponse)
        return bool(reply.paused)

    def shard_cursors(self, reaction_id: str) -> dict[int, Position]:
        request = tape_pb2.ShardCursorsRequest(reaction_id=reaction_id)
        reply = self._journal._call("ShardCursors", request, tape_pb2.ShardCursorsResponse)
        return {int(k): (v.xid, v.global_seq) for k, v in reply.positions.items()}

    def match_batch(
        self, reaction: ReactionRecord, *, scan_end: Position, decide: Decide
    ) -> list[TaskRecord]:
        cursors = self.shard_cursors(reaction.reaction_id)
        if not cursors or min(cursors.values()) >= scan_end:
            return []
        chosen = [task.source_global_seq for task in decide(cursors)]
        request = tape_pb2.MatchBatchRequest(reaction_id=reaction.reaction_id, chosen=chosen)
        request.scan_end.xid, request.scan_end.global_seq = scan_end
        reply = self._journal._call("MatchBatch", request, tape_pb2.ListTasksResponse)
        return [convert.to_record(task, TaskRecord) for task in reply.tasks]

    def advance(self, reaction_id: str, expected: dict[int, Position], scan_end: Position) -> bool:
        request = tape_pb2.AdvanceReactionRequest(reaction_id=reaction_id)
        for shard, (xid, seq) in expected.items():
            request.expected[shard].xid, request.expected[shard].global_seq = xid, seq
        request.scan_end.xid, request.scan_end.global_seq = scan_end
        reply = self._journal._call("AdvanceReaction", request, tape_pb2.AdvanceReactionResponse)
        return bool(reply.moved)


# ── the server's side ─────────────────────────────────────────────────────────────────────


def _reaction_id(request: Any) -> str:
    return validate.required(request.reaction_id, "reaction_id", max_chars=64)


def _position(message: Any) -> Position:
    return (int(message.xid), int(message.global_seq))


def _pause(journal: Journal, request: Any) -> Message:
    details = validate.parse(request.details_json or "{}", "details_json")
    if not isinstance(details, dict):
        details = {}
    reason = validate.required(request.reason, "reason", max_chars=2000)
    paused = journal.matching().pause(_reaction_id(request), reason, details)
    return tape_pb2.PauseReactionResponse(paused=paused)


def _shard_cursors(journal: Journal, request: Any) -> Message:
    reply = tape_pb2.ShardCursorsResponse()
    for shard, (xid, seq) in journal.matching().shard_cursors(_reaction_id(request)).items():
        reply.positions[shard].xid, reply.positions[shard].global_seq = xid, seq
    return reply


def _match_batch(journal: Journal, request: Any) -> Message:
    made = journal.matching().match_chosen(
        _reaction_id(request), scan_end=_position(request.scan_end), chosen=list(request.chosen)
    )
    reply = tape_pb2.ListTasksResponse()
    for task in made:
        convert.fill(reply.tasks.add(), task)
    return reply


def _advance(journal: Journal, request: Any) -> Message:
    expected = {int(k): _position(v) for k, v in request.expected.items()}
    moved = journal.matching().advance(_reaction_id(request), expected, _position(request.scan_end))
    return tape_pb2.AdvanceReactionResponse(moved=moved)


#: RPC name -> what the server answers it with (these are not methods of the journal).
SERVED: dict[str, Callable[[Journal, Any], Message]] = {
    "PauseReaction": _pause,
    "ShardCursors": _shard_cursors,
    "MatchBatch": _match_batch,
    "AdvanceReaction": _advance,
}
