"""The value helpers: ``tape.set_value / get_value / watch_value / delete_value``.

A versioned key-value store in the journal database, keyed by ``(namespace, key)``. Every write
bumps the key's version (1, 2, 3, ...) and journals a ``value`` row (subject
``/tape/value/changed/<ns>/<key>``, or ``.../deleted/...``); a delete leaves a tombstone whose
version still goes up, so compare-and-swap keeps working across deletes.

The helpers work on the current run's journal inside a run, else on the ``journal=`` given,
else on this process's configured journal (``TAPE_DATABASE_URL``). They are not replayed: a
re-driven run that writes again bumps the version again, so inside agents write with
``if_version`` (or idempotent values) when that matters.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

from tape import errors, validate
from tape.agents import context
from tape.journal import Journal
from tape.records import DeleteValueResult, ValueRecord

#: How often :func:`watch_value` looks at the key (upstream Tape's stream polled at 250 ms).
DEFAULT_POLL_INTERVAL_S = 0.25


@dataclass(frozen=True, slots=True)
class ValueEvent:
    """A change :func:`watch_value` saw: the value now, and the version it replaced.

    ``prev_version``/``prev_value_json`` are what this watcher saw before: on the first event
    the watch's ``from_version`` and ``""``. A watcher sees the newest version at each look,
    not every version in between.
    ``value.deleted`` is true when the key was deleted.
    """

    value: ValueRecord
    prev_version: int
    prev_value_json: str


def set_value(
    namespace: str,
    key: str,
    value: object,
    *,
    if_version: int = -1,
    writer: str = "",
    journal: Journal | None = None,
) -> ValueRecord:
    """Write ``value`` (JSON-serialisable) at ``(namespace, key)``; returns the new record.

    Args:
        if_version: ``-1`` writes unconditionally; ``0`` only creates (fails if the key was
            ever written); ``N > 0`` writes only if the key is at version ``N``.
        writer: who wrote it (kept on the row and the journal entry); inside a run the
            run's id by default.
        journal: the journal to use (see the module docstring).

    Raises:
        VersionConflict: the key is not at ``if_version`` (nothing written).
        InvalidArgument: an empty namespace or key, ``if_version < -1`` or not an integer.
        InvalidPayload: ``value`` is not JSON-serialisable or too large.
    """
    if isinstance(if_version, bool) or not isinstance(if_version, int) or if_version < -1:
        raise errors.InvalidArgument(
            "if_version must be -1 (unconditional), 0 (create-only) or a version > 0"
        )
    ctx = context.current()
    if not writer and ctx is not None:
        writer = f"run:{ctx.run_id}"
    # Encoded here (not handed over as JSON text): the string "42" is stored as a string.
    try:
        value_json = json.dumps(value, separators=(",", ":"), sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise errors.InvalidPayload(f"value is not JSON-serialisable: {exc}") from None
    return context.journal_of(journal).write_value(
        namespace=namespace,
        key=key,
        value_json=value_json,
        if_version=if_version,
        writer=writer,
    )


def get_value(namespace: str, key: str, *, journal: Journal | None = None) -> ValueRecord | None:
    """The record at ``(namespace, key)`` (``.value`` is the decoded value), or None if the
    key was never written. A deleted key is a tombstone: ``deleted=True``, ``value`` None.

    Raises:
        InvalidArgument: an empty namespace or key.
    """
    return context.journal_of(journal).get_value(namespace=namespace, key=key)


def delete_value(namespace: str, key: str, *, journal: Journal | None = None) -> DeleteValueResult:
    """Tombstone the key (its version goes up; watchers see ``deleted=True``).

    Returns ``deleted=False`` (and the version) when the key never existed or is already
    deleted; nothing is written then.

    Raises:
        InvalidArgument: an empty namespace or key.
    """
    return context.journal_of(journal).delete_value(namespace=namespace, key=key)


def watch_value(
    namespace: str,
    key: str,
    *,
    from_version: int = 0,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL_S,
    journal: Journal | None = None,
) -> Iterator[ValueEvent]:
    """Iterate over changes of ``(namespace, key)`` newer than ``from_version``.

    The first event is the current value if its version is above ``from_version`` (so ``0``
    means "the current value, then every change"); then one event each time a look finds a
    newer version. Looks are ``poll_interval`` seconds apart (a primary-key read; no busy
    loop). The iterator ends when ``timeout`` seconds have passed (None: never; break out of
    the loop to stop).

    Raises:
        InvalidArgument: an empty namespace or key, ``from_version < 0``, ``timeout < 0`` or
            ``poll_interval <= 0`` (raised here, before the first event).
    """
    journal = context.journal_of(journal)
    validate.required(namespace, "namespace")
    validate.required(key, "key", max_chars=validate.MAX_KEY_CHARS)
    if isinstance(from_version, bool) or not isinstance(from_version, int) or from_version < 0:
        raise errors.InvalidArgument("from_version must be an integer >= 0")
    if timeout is not None:
        validate.non_negative(timeout, "timeout")
    if isinstance(poll_interval, bool) or not isinstance(poll_interval, int | float):
        raise errors.InvalidArgument("poll_interval must be a number of seconds > 0")
    if poll_interval <= 0:
        raise errors.InvalidArgument("poll_interval must be a number of seconds > 0")
    return _watch(journal, namespace, key, from_version, timeout, float(poll_interval))


def _watch(
    journal: Journal,
    namespace: str,
    key: str,
    from_version: int,
    timeout: float | None,
    poll_interval: float,
) -> Iterator[ValueEvent]:
    deadline = None if timeout is None else time.monotonic() + timeout
    seen_version, seen_json = from_version, ""
    while True:
        record = journal.get_value(namespace=namespace, key=key)
        if record is not None and record.version > seen_version:
            yield ValueEvent(record, seen_version, seen_json)
            seen_version, seen_json = record.version, record.value_json
        if deadline is None:
            time.sleep(poll_interval)
            continue
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(poll_interval, left))
