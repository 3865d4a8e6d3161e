"""What the ``tape.v1`` client (:mod:`tape.rpc.remote`) and server (:mod:`tape.rpc.server`)
share: the service's descriptor, its method names in Python, its message classes."""

from __future__ import annotations

from google.protobuf.descriptor import ServiceDescriptor
from google.protobuf.message import Message

from tape.rpc.v1 import tape_pb2

SERVICE = "tape.v1.Tape"
DESCRIPTOR: ServiceDescriptor = tape_pb2.DESCRIPTOR.services_by_name["Tape"]


def snake(name: str) -> str:
    """``BeginEffect`` -> ``begin_effect``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def message_class(name: str) -> type[Message]:
    """The generated message class named ``name`` (``BeginEffectRequest``)."""
    return getattr(tape_pb2, name)  # type: ignore[no-any-return]
