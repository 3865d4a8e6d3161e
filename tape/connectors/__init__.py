"""Connectors: the seam between tape and the upstreams its effects touch.

Register one connector per upstream; the outbox reactor matches ``@tape.effect(connector=...)``
to it by name and calls it under a CAS lease::

    from tape import connectors
    from tape.connectors.http import HTTPConnector

    connectors.register(HTTPConnector(
        name="bank.wire",
        endpoint="https://bank.example/wires",
        observe_endpoint="https://bank.example/wires/lookup",
        compensate_endpoint="https://bank.example/wires/reverse",
    ))

Built-in connectors live in submodules so their client libraries load only when used:
:mod:`tape.connectors.http` (requests), :mod:`tape.connectors.log` (a JSON-lines file) and
:mod:`tape.connectors.redis_stream` (Redis Streams). The protocol, result types and registry
are in :mod:`tape.connectors.base` and re-exported here.
"""

from __future__ import annotations

from tape.connectors.base import (
    CompensationResult,
    CompensationStatus,
    DispatchResult,
    DispatchStatus,
    EffectConnector,
    ObservationResult,
    ObservationStatus,
    call_maybe_async,
    can_observe,
    clear,
    get,
    maybe_await,
    names,
    register,
    require,
    restore,
    snapshot,
)

__all__ = [
    "CompensationResult",
    "CompensationStatus",
    "DispatchResult",
    "DispatchStatus",
    "EffectConnector",
    "ObservationResult",
    "ObservationStatus",
    "call_maybe_async",
    "can_observe",
    "clear",
    "get",
    "maybe_await",
    "names",
    "register",
    "require",
    "restore",
    "snapshot",
]
