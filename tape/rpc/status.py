""":mod:`tape.errors` <-> gRPC status codes, so a remote caller gets the error a local one would.

The server answers a :class:`~tape.errors.TapeError` with the status code below and the
error's own message, and names its class in the trailing metadata ``tape-error`` (with its
attributes, e.g. ``IllegalTransition.current``, as JSON in ``tape-error-attrs``). The client
raises the same class again. Anything else (the database unreachable, a bug) is answered
without internals: a database URL or a traceback never reaches the caller.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import traceback
from typing import Any

import grpc
from sqlalchemy import exc as sa_exc

from tape import errors, records
from tape.events import records as event_records

logger = logging.getLogger("tape.server")

ERROR_KEY = "tape-error"
ATTRS_KEY = "tape-error-attrs"

#: Most specific first: the first class the error is an instance of decides the code.
CODES: tuple[tuple[type[errors.TapeError], grpc.StatusCode], ...] = (
    (errors.ScopeDenied, grpc.StatusCode.PERMISSION_DENIED),
    (errors.InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.InvalidDatabaseURL, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.NotFound, grpc.StatusCode.NOT_FOUND),
    (errors.IllegalTransition, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.SchemaNotReady, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.LeaseError, grpc.StatusCode.ABORTED),
    (errors.VersionConflict, grpc.StatusCode.ABORTED),
    (errors.BudgetExceeded, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (errors.ConfigurationError, grpc.StatusCode.FAILED_PRECONDITION),
)

#: Longest SQL statement quoted in the log of an unexpected database error.
_STATEMENT_CHARS = 500

#: Error attributes carried across (records are sent as their fields).
_ATTRS = (
    "current",
    "owner",
    "expires_at_ms",
    "reason",
    "idempotency_key",
    "error",
    "run_id",
    "recorded_digest",
    "request_digest",
    "recorded_request",
)


def code_for(exc: errors.TapeError) -> grpc.StatusCode:
    for cls, code in CODES:
        if isinstance(exc, cls):
            return code
    return grpc.StatusCode.INTERNAL


def abort_with(context: grpc.ServicerContext, exc: BaseException, rpc: str) -> None:
    """Answer the call with the status that fits ``exc`` (never returns)."""
    if isinstance(exc, errors.TapeError):
        attrs = _attrs(exc)
        metadata: list[tuple[str, str]] = [(ERROR_KEY, type(exc).__name__)]
        if attrs:
            metadata.append((ATTRS_KEY, json.dumps(attrs, default=str)))
        context.set_trailing_metadata(tuple(metadata))
        context.abort(code_for(exc), str(exc))
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        # The driver's message can quote the URL; the log gets the class only.
        logger.error("rpc=%s journal database unavailable: %s", rpc, type(exc.orig).__name__)
        context.abort(
            grpc.StatusCode.UNAVAILABLE,
            "the tape server cannot reach its journal database; retry, or check the server",
        )
    # Neither the error's message nor a traceback's exception lines: both can quote the
    # request (a driver error quotes the value it refused). The class, SQLSTATE, statement
    # and the frames say where it failed.
    logger.error(
        "rpc=%s failed inside the server: %s\n%s",
        rpc,
        describe(exc),
        "".join(traceback.format_tb(exc.__traceback__)).rstrip(),
        extra={"action": "rpc-failed", "rpc": rpc},
    )
    context.abort(grpc.StatusCode.INTERNAL, f"{rpc} failed inside the tape server (see its log)")


def describe(exc: BaseException) -> str:
    """An unexpected error for the server's log, without anything it could quote: its class,
    and for a database error the driver's error class, SQLSTATE and SQL statement (its
    placeholders, never its parameters)."""
    parts = [type(exc).__name__]
    if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
        parts.append(type(exc.orig).__name__)
        pgcode = getattr(exc.orig, "pgcode", None) or getattr(exc.orig, "sqlstate", None)
        sqlite_name = getattr(exc.orig, "sqlite_errorname", None)
        if pgcode:
            parts.append(f"SQLSTATE {pgcode}")
        elif sqlite_name:
            parts.append(str(sqlite_name))
    if isinstance(exc, sa_exc.StatementError) and exc.statement:
        parts.append("statement: " + " ".join(str(exc.statement).split())[:_STATEMENT_CHARS])
    return "; ".join(parts)


def _attrs(exc: errors.TapeError) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in _ATTRS:
        if not hasattr(exc, name):
            continue
        value = getattr(exc, name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            found[name] = {"record": type(value).__name__, "fields": _plain(value)}
        else:
            found[name] = value
    if isinstance(exc, errors.CompensationStuck):
        found["stuck"] = exc.stuck
    return found


def _plain(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def raise_from_rpc(exc: grpc.RpcError, rpc: str) -> None:
    """Raise the :mod:`tape.errors` exception an RPC failure stands for (never returns)."""
    code = exc.code() if isinstance(exc, grpc.Call) else grpc.StatusCode.UNKNOWN
    details = (exc.details() if isinstance(exc, grpc.Call) else "") or str(code)
    trailing = dict(exc.trailing_metadata() or ()) if isinstance(exc, grpc.Call) else {}
    name = str(trailing.get(ERROR_KEY, ""))
    cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, errors.TapeError):
        error = cls.__new__(cls)
        Exception.__init__(error, details)
        for attr, value in json.loads(str(trailing.get(ATTRS_KEY, "{}"))).items():
            if attr in _ATTRS or attr == "stuck":  # the server's answer names no other attribute
                setattr(error, attr, _record(value))
        raise error from None
    if code == grpc.StatusCode.UNAUTHENTICATED:
        raise errors.Unauthenticated(details) from None
    if code == grpc.StatusCode.UNIMPLEMENTED:
        raise errors.RemoteError(f"{rpc}: {details}") from None
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        raise errors.ServerUnavailable(f"{rpc}: {details}") from None
    raise errors.RemoteError(f"{rpc} failed ({code.name}): {details}") from None


def _record(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"record", "fields"}:
        name = str(value["record"])
        # The event bus's records (a task in TaskLeaseLost.current) live beside its language.
        cls = getattr(records, name, None) or getattr(event_records, name, None)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            return cls(**value["fields"])
    return value
