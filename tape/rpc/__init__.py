"""tape over gRPC: the ``tape.v1.Tape`` service (``tape server``) and its client (``tape://``).

- :mod:`tape.rpc.convert` turns journal keyword arguments and records into ``tape.v1``
  messages and back, by field name (the journal's names are the proto's).
- :mod:`tape.rpc.status` maps :mod:`tape.errors` to gRPC status codes and back.
- :mod:`tape.rpc.schema` is what both sides share: the service descriptor, message classes.
- :mod:`tape.rpc.server` serves every RPC from one :class:`tape.Journal`.
- :mod:`tape.rpc.remote` is :class:`RemoteJournal`, what ``tape.connect("tape://...")`` opens:
  every public journal method, each over its RPC.
- :mod:`tape.rpc.matching` and :mod:`tape.rpc.live`: the journal's three live objects over the
  network (the matcher's steps; ``commit_waker`` and ``subscribe`` as server streams), both
  sides of each.

Needs the ``grpc`` extra (``pip install -e '.[grpc]'`` from tape's checkout).
"""

from __future__ import annotations

SCHEMES = ("tape://", "tapes://")


def is_remote_url(url: object) -> bool:
    """True for a ``tape://`` or ``tapes://`` URL (a tape server, not a database)."""
    return isinstance(url, str) and url.startswith(SCHEMES)
