"""Live reading over ``tape://``: :meth:`RemoteJournal.subscribe` and
:meth:`RemoteJournal.commit_waker`, and the server's streams behind them.

Both are server-streaming RPCs, so the server's stream budget, thread reserve and idle limit
(:mod:`tape.rpc.streams`) hold for them as for ``SubscribeEvents``; a waiting stream costs the
server no query of its own (its shared :class:`~tape.rpc.streams.Wakeups`).

- ``Subscribe``: the rows ``Journal.subscribe`` yields, in the journal's global order, each
  once. The server reads and filters (pattern, kind, run, CEL predicate); the client resumes
  after the ``global_seq`` of the last row it got when the server closes an idle stream, and
  ``idle_timeout_s`` ends the iteration as locally (the server ends the stream with OK).
- ``WatchCommits``: the journal's head (the ``global_seq`` readers can read up to), sent when
  it moves, first at once. :class:`RemoteWaker` follows it on a thread of its own and its
  ``wait`` returns as soon as a notice arrives: the listener of a worker (the matcher run on
  every commit) wakes within a server poll of a commit, as with Postgres ``LISTEN``. While
  the stream is down the waker falls back to sleeping the poll interval (``pushes`` is False)
  and reconnects with a backoff from 250 ms doubling to 30 s, as the local waker does.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import grpc

from tape import errors, validate
from tape.events import budget, predicates, spec
from tape.records import JournalEntry
from tape.rpc import convert, status
from tape.rpc.v1 import tape_pb2

if TYPE_CHECKING:
    from tape.rpc.remote import RemoteJournal
    from tape.rpc.server import TapeService

logger = logging.getLogger(__name__)

_BACKOFF_START_S = 0.25
_BACKOFF_MAX_S = 30.0
#: A stream that stayed open this long before it failed was closed, not refused: resubscribe.
_RESUBSCRIBE_AFTER_S = 1.0


# ── the client's side ─────────────────────────────────────────────────────────────────────


class RemoteWaker:
    """:class:`tape.store.subscribe.Waker` for a journal behind a ``tape server``."""

    def __init__(self, journal: RemoteJournal) -> None:
        self._journal = journal
        self._woken = threading.Event()
        self._closed = threading.Event()
        self._connected = False
        self._call: Any = None
        self._thread = threading.Thread(target=self._follow, name="tape-remote-waker", daemon=True)
        self._thread.start()

    @property
    def pushes(self) -> bool:
        """Whether commits wake this waker (the server's stream is open)."""
        return self._connected

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds; True if the journal's head moved meanwhile."""
        got = self._woken.wait(timeout)
        self._woken.clear()
        return got

    def close(self) -> None:
        self._closed.set()
        call = self._call
        if call is not None:
            call.cancel()
        self._thread.join(timeout=5)

    def _follow(self) -> None:
        backoff = _BACKOFF_START_S
        while not self._closed.is_set():
            try:
                self._call = self._journal._stream(
                    "WatchCommits", tape_pb2.Empty(), tape_pb2.CommitNotice
                )
                for _ in self._call:
                    self._connected = True
                    backoff = _BACKOFF_START_S
                    self._woken.set()
            except grpc.RpcError as exc:
                if self._closed.is_set():
                    break
                logger.warning(
                    "tape server commit stream ended (%s); polling, retry in %.2fs",
                    exc.code().name if isinstance(exc, grpc.Call) else type(exc).__name__,
                    backoff,
                )
            except errors.TapeError as exc:  # e.g. the token was refused
                logger.warning("tape server commit stream refused: %s", type(exc).__name__)
            self._connected = False
            self._woken.set()  # whatever committed while the stream was down: read again
            self._closed.wait(backoff)
            backoff = min(backoff * 2, _BACKOFF_MAX_S)


def subscribe(
    journal: RemoteJournal,
    *,
    subject_pattern: str = "",
    predicate: str = "",
    from_global_seq: int = 0,
    kind: str = "",
    run_id: str = "",
    idle_timeout_s: float | None = None,
) -> Iterator[JournalEntry]:
    """``Journal.subscribe`` over the ``Subscribe`` stream (see the module docstring).

    Raises:
        InvalidSubjectPattern, InvalidPredicate, InvalidArgument: before anything is read.
    """
    if isinstance(from_global_seq, bool) or not isinstance(from_global_seq, int):
        raise errors.InvalidArgument("from_global_seq must be an integer >= 0")
    if from_global_seq < 0:
        raise errors.InvalidArgument("from_global_seq must be an integer >= 0")
    request = tape_pb2.SubscribeRequest(
        subject_pattern=spec.check_pattern(subject_pattern),
        predicate=budget.validate(predicate or ""),
        from_global_seq=from_global_seq,
        kind=validate.optional(kind, "kind"),
        run_id=validate.optional(run_id, "run_id", max_chars=64),
    )
    return _follow(journal, request, idle_timeout_s)


def _follow(
    journal: RemoteJournal, request: tape_pb2.SubscribeRequest, idle_timeout_s: float | None
) -> Iterator[JournalEntry]:
    idle_since = time.monotonic()
    while True:
        if idle_timeout_s is not None:
            left = idle_timeout_s - (time.monotonic() - idle_since)
            request.idle_timeout_ms = max(0, int(left * 1000))
        opened = time.monotonic()
        call = journal._stream("Subscribe", request, tape_pb2.JournalEntry)
        try:
            for message in call:
                entry = convert.to_record(message, JournalEntry)
                request.from_global_seq = entry.global_seq
                idle_since = time.monotonic()
                yield entry
            return  # the server ended the stream: idle_timeout_s passed without a row
        except grpc.RpcError as exc:
            closed = isinstance(exc, grpc.Call) and exc.code() == grpc.StatusCode.UNAVAILABLE
            if not closed or time.monotonic() - opened < _RESUBSCRIBE_AFTER_S:
                status.raise_from_rpc(exc, "Subscribe")
            # The server closed a stream that idled past its limit: on from the last row.
        finally:
            call.cancel()


# ── the server's side ─────────────────────────────────────────────────────────────────────


def serve_subscribe(
    service: TapeService, request: tape_pb2.SubscribeRequest, context: grpc.ServicerContext
) -> Iterator[tape_pb2.JournalEntry]:
    """The ``Subscribe`` stream: rows after ``from_global_seq`` that pass every filter."""
    try:
        pattern = spec.check_pattern(request.subject_pattern)
        predicate = budget.validate(request.predicate)
        if request.from_global_seq < 0:
            raise errors.InvalidArgument("from_global_seq must be an integer >= 0")
    except errors.TapeError as exc:
        status.abort_with(context, exc, "Subscribe")
        return
    end_after = request.idle_timeout_ms / 1000 if request.HasField("idle_timeout_ms") else None

    def read(cursor: int) -> list[Any]:
        return service.journal.read_journal(
            kind=request.kind, subject_pattern=pattern, after_global_seq=cursor
        )

    def keep(row: Any) -> bool:
        if request.run_id and row.run_id != request.run_id:
            return False
        return not predicate or predicates.holds(predicate, row)

    rows = service._tail(context, read, keep, request.from_global_seq, end_after_s=end_after)
    for row in rows:
        message = tape_pb2.JournalEntry()
        convert.fill(message, row)
        yield message


def serve_watch_commits(
    service: TapeService, request: tape_pb2.Empty, context: grpc.ServicerContext
) -> Iterator[tape_pb2.CommitNotice]:
    """The ``WatchCommits`` stream: the journal's head now, then each time it moves."""
    sent, last_sent = -1, time.monotonic()
    while context.is_active() and not service.stopping.is_set():
        generation = service.wakeups.generation()
        try:
            _, head = service.journal.reaction_lag()
        except Exception as exc:
            status.abort_with(context, exc, "WatchCommits")
            return
        if head != sent:
            sent, last_sent = head, time.monotonic()
            yield tape_pb2.CommitNotice(head=head)
        else:
            service._wait(context, generation, last_sent, "(the head is sent first)")
