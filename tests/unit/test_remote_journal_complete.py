"""``tape://`` is the whole journal: every public :class:`tape.Journal` method has its
``tape.v1`` RPC, and every argument it takes travels (docs/server.md). A method added to the
journal without an RPC fails here, before anyone meets it as a half-working remote journal."""

from __future__ import annotations

import inspect

from tape.journal.client import Journal
from tape.rpc import convert, remote, schema
from tape.rpc.remote import RemoteJournal


def _public_methods() -> list[str]:
    return sorted(
        name
        for name, member in inspect.getmembers(Journal, inspect.isfunction)
        # close/__enter__ and friends belong to the client itself, not to the journal.
        if not name.startswith("_") and not member.__qualname__.startswith("Journal.")
    )


def test_every_public_journal_method_has_an_rpc() -> None:
    missing = [name for name in _public_methods() if not remote.served_by(name)]
    assert not missing, f"Journal methods without a tape.v1 RPC: {missing}"
    rpcs = {m.name for m in schema.DESCRIPTOR.methods}
    for name, used in remote.COMPOSED.items():
        assert set(used) <= rpcs, f"{name} calls RPCs tape.v1 does not have"


def test_the_remote_journal_never_runs_the_local_code() -> None:
    """Each method is the remote one, never the database code it would inherit."""
    inherited = [
        name
        for name in _public_methods()
        if getattr(RemoteJournal, name) is getattr(Journal, name)
        or name not in RemoteJournal.__dict__
    ]
    assert not inherited, f"RemoteJournal inherits the local {inherited}"
    assert not hasattr(remote, "_unavailable")


def test_every_argument_travels() -> None:
    lost: list[str] = []
    for method in schema.DESCRIPTOR.methods:
        name = schema.snake(method.name)
        local = getattr(Journal, name, None)
        if local is None or name in remote.COMPOSED:
            continue
        fields = schema.message_class(method.input_type.name).DESCRIPTOR.fields_by_name
        for param in inspect.signature(local).parameters:
            sent_as = convert.ALIASES.get(param, param)
            if param == "event" and "event_json" in fields:
                continue  # the whole event, as JSON text
            if param != "self" and sent_as not in fields:
                lost.append(f"{name}({param})")
    assert not lost, f"arguments tape.v1 does not carry: {lost}"
