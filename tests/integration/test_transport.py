"""The SDK sends through one Transport (tape/transport.py): tests install an in-memory one and
drive what was sent; agents declared after a transport is installed register with it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import runtime, transport
from tape.agents import runner
from tape.config import Settings
from tape.enums import RunStatus
from tape.journal import Journal


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    """The journal, also as the process's runtime journal (``.delay`` outside a run)."""
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


@pytest.fixture
def memory(tj: Journal) -> Iterator[transport.InMemoryTransport]:
    fake = transport.InMemoryTransport()
    previous = transport.install(fake)
    yield fake
    transport.install(previous)


def test_delay_sends_through_the_installed_transport_and_it_drives_the_run(
    memory: transport.InMemoryTransport, tj: Journal
) -> None:
    @tape.agent(name="transport-echo")
    def echo(ctx: tape.RunContext, word: str) -> dict[str, Any]:
        return {"echo": word}

    handle = echo.delay(word="hi")

    assert memory.runs == [("transport-echo", handle.run_id, None, "")]
    assert "transport-echo" in memory.agents  # declared after the install: registered with it
    memory.drive_all()
    run = tj.get_run(run_id=handle.run_id)
    assert run is not None and run.status == RunStatus.TERMINAL


def test_recovery_redrive_sends_through_the_transport(
    memory: transport.InMemoryTransport, tj: Journal
) -> None:
    run = tj.get_run(
        run_id=tj.begin_run(
            app_name="a",
            user_id="u",
            session_id="s",
            invocation_id="i",
            lease_owner="w",
            lease_ttl_ms=1,
        ).run_id
    )
    assert run is not None
    runner.redrive(tj, run, "recovery")

    assert memory.runs == [("a", run.run_id, run.lease_epoch, "recovery")]
