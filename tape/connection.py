"""Opening a journal by URL: :func:`connect` gives the local client of a database or the
remote client of a ``tape server``, behind the same methods and records."""

from __future__ import annotations

from sqlalchemy.engine import URL

from tape import errors
from tape.journal import Journal, client
from tape.store.engine import Clock, Database

__all__ = ["REMOTE_SCHEMES", "Journal", "connect"]

#: URL schemes of a ``tape server`` (``tapes://``: over TLS).
REMOTE_SCHEMES = ("tape://", "tapes://")


def connect(url: str | URL | Database, *, clock: Clock | None = None) -> Journal:
    """The journal at ``url``.

    Args:
        url: ``postgresql://user@host/db`` or ``sqlite:///path/to/tape.db`` (the local client,
            straight on the database; or a :class:`~tape.store.engine.Database`), or
            ``tape://host:7878`` / ``tapes://host`` (a :class:`tape.rpc.remote.RemoteJournal`
            of a ``tape server``: same methods, same records; needs the grpc extra).
        clock: epoch-milliseconds time source (tests); defaults to the system clock.

    Raises:
        InvalidDatabaseURL: a malformed or unsupported URL.
        ConfigurationError: a ``tape://`` URL without the grpc extra installed.
    """
    if isinstance(url, str) and url.startswith(REMOTE_SCHEMES):
        return _remote_class(url)(url, clock=clock)
    return Journal(url, clock=clock)


def _remote_class(url: str) -> type[Journal]:
    try:
        # Here, not at the top: the grpc extra is optional, and only tape:// needs it.
        from tape.rpc.remote import RemoteJournal
    except ImportError as exc:
        raise errors.ConfigurationError(
            f"{url.split('://')[0]}:// needs the grpc extra: pip install 'tape[grpc]' "
            f"({exc.name} is missing)"
        ) from None
    return RemoteJournal


# ``tape.Journal("tape://...")`` (the face imports Journal from here) keeps opening a remote
# journal for code written before connect(); new code calls tape.connect(url).
client.remote_class = _remote_class
