"""``tape.set_value / get_value / watch_value / delete_value`` with ``if_version`` CAS, on
Postgres and SQLite; bad input is refused with a named error and writes nothing."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import tape
from tape import Journal, errors, runtime
from tape.agents import context
from tape.config import Settings
from tests.integration.test_bad_input import dump
from tests.support.runs import new_run

#: Generous: the machine is loaded; the watch tests end on a condition, not on this.
DEADLINE_S = 60.0


@pytest.fixture
def rj(journal_url: str) -> Iterator[Journal]:
    """The journal, also as the process's configured one (helpers called without journal=)."""
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def refused(j: Journal, error: type[BaseException], call: Callable[[], Any]) -> None:
    before = dump(j)
    with pytest.raises(error):
        call()
    assert dump(j) == before, "a refused call changed the database"


def test_set_get_delete_with_every_if_version(rj: Journal) -> None:
    first = tape.set_value("limits", "acc-1", {"daily": 100}, if_version=0)  # create-only
    assert (first.version, first.value, first.deleted) == (1, {"daily": 100}, False)
    refused(rj, errors.VersionConflict, lambda: tape.set_value("limits", "acc-1", 1, if_version=0))

    second = tape.set_value("limits", "acc-1", {"daily": 200}, if_version=1)  # exact version
    assert second.version == 2
    refused(rj, errors.VersionConflict, lambda: tape.set_value("limits", "acc-1", 3, if_version=1))
    refused(rj, errors.VersionConflict, lambda: tape.set_value("limits", "acc-1", 3, if_version=9))

    third = tape.set_value("limits", "acc-1", {"daily": 300})  # -1: unconditional
    assert third.version == 3
    got = tape.get_value("limits", "acc-1")
    assert got is not None and (got.version, got.value) == (3, {"daily": 300})

    gone = tape.delete_value("limits", "acc-1")
    assert (gone.deleted, gone.version) == (True, 4)
    tomb = tape.get_value("limits", "acc-1")
    assert tomb is not None and (tomb.deleted, tomb.version, tomb.value) == (True, 4, None)
    # Deleting again, or a key never written, writes nothing.
    before = dump(rj)
    assert tape.delete_value("limits", "acc-1").deleted is False
    assert tape.delete_value("limits", "never") == tape.delete_value("limits", "never")
    assert tape.delete_value("limits", "never").version == 0
    assert dump(rj) == before
    # CAS goes on across the tombstone: its version counts.
    assert tape.set_value("limits", "acc-1", 5, if_version=4).version == 5
    assert tape.get_value("limits", "missing") is None

    changes = [e.payload["version"] for e in rj.read_journal(kind="value")]
    assert changes == [1, 2, 3, 4, 5]


def test_values_are_stored_as_given_strings_included(journal: Journal) -> None:
    for value in ("42", "not json", 42, None, [1, "a"], {"n": {"x": True}}):
        record = tape.set_value("ns", "k", value, journal=journal)
        assert record.value == value
    text = tape.get_value("ns", "k", journal=journal)
    assert text is not None and text.value == {"n": {"x": True}}


def test_inside_a_run_values_use_the_runs_journal_and_name_it_as_writer(journal: Journal) -> None:
    run_id = new_run(journal)
    token = context.activate(context.RunContext(journal, run_id, 1, "w1"))
    try:
        written = tape.set_value("ns", "k", 1)  # no journal= and none configured: the run's
        mine = tape.set_value("ns", "k", 2, writer="ops")
    finally:
        context.deactivate(token)
    assert written.writer == f"run:{run_id}"
    assert mine.writer == "ops"
    assert tape.get_value("ns", "k", journal=journal) == mine


def test_watch_value_sees_each_change_in_order(rj: Journal) -> None:
    tape.set_value("prices", "X", 70)
    seen: queue.Queue[int] = queue.Queue()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            # Write the next version only once the watcher saw the last one, so the
            # watcher (which sees the newest version at each look) sees every one.
            for price in (90, 110):
                seen.get(timeout=DEADLINE_S)
                tape.set_value("prices", "X", price)
            seen.get(timeout=DEADLINE_S)
            tape.delete_value("prices", "X")
        except BaseException as exc:  # reported by the test thread
            failures.append(exc)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    events = []
    for event in tape.watch_value("prices", "X", timeout=DEADLINE_S, poll_interval=0.02):
        events.append(event)
        seen.put(event.value.version)
        if event.value.deleted:
            break
    thread.join(timeout=DEADLINE_S)
    assert not failures, failures
    assert [(e.prev_version, e.value.version, e.value.value) for e in events] == [
        (0, 1, 70),
        (1, 2, 90),
        (2, 3, 110),
        (3, 4, None),
    ]
    assert [e.prev_value_json for e in events] == ["", "70", "90", "110"]
    assert events[-1].value.deleted is True


def test_watch_value_from_a_version_and_its_timeout(journal: Journal) -> None:
    for price in (1, 2, 3):
        tape.set_value("prices", "Y", price, journal=journal)
    # Nothing newer than the current version: the watch ends at its timeout, empty.
    assert list(tape.watch_value("prices", "Y", from_version=3, timeout=0.2, journal=journal)) == []
    (only,) = tape.watch_value("prices", "Y", from_version=1, timeout=0.2, journal=journal)
    assert (only.prev_version, only.value.version, only.prev_value_json) == (1, 3, "")
    # A key nobody wrote yields nothing either.
    assert list(tape.watch_value("prices", "none", timeout=0.0, journal=journal)) == []


BAD_NAMES = [("", "k"), ("ns", ""), ("  ", "k"), (None, "k"), ("ns", 3), ("ns", "k" * 600)]


def test_bad_value_input_is_refused_and_writes_nothing(journal: Journal) -> None:
    tape.set_value("ns", "k", 1, journal=journal)
    bad_writes: list[dict[str, Any]] = [
        {"if_version": -2},
        {"if_version": "1"},
        {"if_version": True},
        {"if_version": 1.0},
        {"writer": 5},
    ]
    for kwargs in bad_writes:
        refused(
            journal,
            errors.InvalidArgument,
            lambda kw=kwargs: tape.set_value("ns", "k", 2, journal=journal, **kw),
        )
    for value in (object(), float("nan"), {"k": {1, 2}}, "x" * (tape.MAX_PAYLOAD_BYTES + 1)):
        refused(
            journal,
            errors.InvalidPayload,
            lambda v=value: tape.set_value("ns", "k", v, journal=journal),
        )
    for ns, key in BAD_NAMES:
        refused(
            journal,
            errors.InvalidArgument,
            lambda n=ns, k=key: tape.set_value(n, k, 1, journal=journal),
        )
        refused(
            journal,
            errors.InvalidArgument,
            lambda n=ns, k=key: tape.get_value(n, k, journal=journal),
        )
        refused(
            journal,
            errors.InvalidArgument,
            lambda n=ns, k=key: tape.delete_value(n, k, journal=journal),
        )
        refused(
            journal,
            errors.InvalidArgument,
            lambda n=ns, k=key: tape.watch_value(n, k, journal=journal),
        )
    bad_watches: list[dict[str, Any]] = [
        {"from_version": -1},
        {"from_version": "0"},
        {"timeout": -1},
        {"poll_interval": 0},
        {"poll_interval": -0.5},
        {"poll_interval": "fast"},
    ]
    for kwargs in bad_watches:
        # Refused when called, before the first event is asked for.
        refused(
            journal,
            errors.InvalidArgument,
            lambda kw=kwargs: tape.watch_value("ns", "k", journal=journal, **kw),
        )
    record = tape.get_value("ns", "k", journal=journal)
    assert record is not None and (record.version, record.value) == (1, 1)
