"""The :class:`Journal` client: one method per ``tape.v1`` RPC, straight on the database."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from sqlalchemy.engine import URL

from tape import errors, validate
from tape.journal.browse import BrowseMixin
from tape.journal.children import ChildrenMixin
from tape.journal.compaction import CompactionMixin
from tape.journal.coordination import CoordinationMixin
from tape.journal.data import DataMixin
from tape.journal.divergence import DivergenceMixin
from tape.journal.effects import EffectsMixin
from tape.journal.inflight import InFlightMixin
from tape.journal.obligations import ObligationsMixin
from tape.journal.outbox import OutboxMixin
from tape.journal.reactions import ReactionsMixin
from tape.journal.reconcile import ReconcileMixin
from tape.journal.recovery import RecoveryMixin
from tape.journal.runs import RunsMixin
from tape.journal.sessions import SessionsMixin
from tape.journal.versions import VersionsMixin
from tape.observability import tracing
from tape.store.engine import Clock, Database, safe_url

#: The class of a ``tape://`` journal for ``Journal(url)`` (installed by :mod:`tape.connection`).
remote_class: Callable[[str], type[Journal]] | None = None


class Journal(
    RunsMixin,
    EffectsMixin,
    OutboxMixin,
    ReconcileMixin,
    ObligationsMixin,
    CoordinationMixin,
    RecoveryMixin,
    DataMixin,
    SessionsMixin,
    ReactionsMixin,
    BrowseMixin,
    CompactionMixin,
    DivergenceMixin,
    InFlightMixin,
    VersionsMixin,
    ChildrenMixin,  # composed runs (docs/composing.md)
):
    """The client every part of tape uses to read and write the journal.

    Every mutating method is one short transaction: a conditional update guarded by the
    legal-transition table (:mod:`tape.state`) and its journal row, committed together.
    Methods take keyword arguments named after the ``tape.v1`` proto fields and return typed
    records (:mod:`tape.records`). JSON payload arguments (``*_json``) take JSON text or any
    JSON-serialisable value.

    Args:
        url: ``postgresql://user@host/db`` (psycopg2; ``postgresql+psycopg://`` for psycopg 3)
            or ``sqlite:///path/to/tape.db``; or a :class:`~tape.store.engine.Database`.
            ``tape.connect(url)`` opens these and a ``tape server``'s ``tape://`` URL alike
            (``tape.Journal("tape://...")`` still does, deprecated).
        clock: epoch-milliseconds time source (tests); defaults to the system clock.

    Raises:
        InvalidDatabaseURL: a malformed or unsupported URL.

    The connection pool is per process and is dropped in forked children, so a ``Journal``
    made before a fork is safe to use after it.
    """

    def __new__(cls, url: str | URL | Database, *args: Any, **kwargs: Any) -> Journal:
        if cls is Journal and isinstance(url, str) and url.startswith(("tape://", "tapes://")):
            # Kept for code written before tape.connect(url), which is the way to open any URL.
            if remote_class is None:
                raise errors.ConfigurationError(
                    f"open {url.split('://')[0]}:// journals with tape.connect(url)"
                )
            return super().__new__(remote_class(url))
        return super().__new__(cls)

    def __init__(self, url: str | URL | Database, *, clock: Clock | None = None) -> None:
        self._db = url if isinstance(url, Database) else Database(url, clock=clock)

    def __repr__(self) -> str:
        return f"Journal({safe_url(self._db.url)!r})"

    def close(self) -> None:
        """Close this process's pooled connections."""
        self._db.dispose()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# Upstream Tape's span names (docs/operating.md, Traces) on the RPCs they belong to (no-ops
# until an OpenTelemetry SDK is set).
tracing.instrument(Journal, tracing.JOURNAL_SPANS)
# Every argument of every public method checked against its annotation before the method (or
# its span) runs: a wrong type, an out-of-range integer or text Postgres cannot store is an
# InvalidArgument, never a driver error halfway through a write (tape/validate.py).
validate.check_methods(Journal)
