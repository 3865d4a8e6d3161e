"""An existing Google ADK agent made durable with one plugin, killed mid-run and replayed.

    python examples/adk/crash_and_replay.py [DIR]

A plain ADK ``LlmAgent`` (scripted model, no network) pays an invoice with a tool. The only
tape parts are ``TapePlugin`` in the app and ``TapeSessionService`` as its session service,
on a SQLite journal in DIR (default: a temporary folder).

1. A child process runs the invocation and is SIGKILLed right after the wire is recorded
   CONFIRMED, before the model is asked what to say (``TAPE_CRASH_AT``).
2. This process runs the same invocation id again once the dead attempt's lease expired: the
   first model turn is replayed from the journal, the wire is short-circuited (the bank is not
   called again), and only the last model turn is new.

It prints what the journal and the bank saw and exits 0 iff the bank holds exactly one wire
and no model turn was asked twice.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from google.adk.agents import LlmAgent
from google.adk.apps.app import App
from google.adk.runners import Runner
from google.genai import types

from tape import Journal, RunStatus, migrations
from tape.adk import ScriptedLlm, TapePlugin, TapeSessionService
from tape.integrations.adk import scripted

HERE = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="tape-adk-"))
URL = f"sqlite:///{HERE / 'journal.db'}"
BANK = HERE / "bank.txt"  # the "upstream": one line per wire it booked
LEASE_MS = 1_000


def wire(account: str, amount: int) -> dict[str, Any]:
    """Wire ``amount`` to ``account``."""
    with BANK.open("a") as books:
        books.write(f"{account} {amount}\n")
    return {"wired": amount, "to": account}


def build(journal: Journal) -> Runner:
    model = ScriptedLlm(
        turns=[scripted.call("wire", account="ACME-001", amount=1250), scripted.text("Paid.")],
        calls_dir=str(HERE / "model-calls"),
    )
    agent = LlmAgent(name="treasurer", model=model, tools=[wire])
    # The three lines that make it durable:
    plugin = TapePlugin(journal=journal, lease_ttl_ms=LEASE_MS)
    app = App(name="treasury", root_agent=agent, plugins=[plugin])
    return Runner(app=app, session_service=TapeSessionService(journal), auto_create_session=True)


async def invoke(runner: Runner) -> str:
    answer = ""
    async for event in runner.run_async(
        user_id="u1",
        session_id="s1",
        invocation_id="e-pay-42",
        new_message=types.Content(role="user", parts=[types.Part(text="pay invoice 42")]),
    ):
        if event.is_final_response() and event.content and event.content.parts:
            answer = "".join(part.text or "" for part in event.content.parts)
    return answer


def main() -> int:
    journal = Journal(URL)
    if os.environ.get("EXAMPLE_ROLE") == "child":
        asyncio.run(invoke(build(journal)))  # SIGKILLed inside
        return 3
    migrations.upgrade(URL)
    child = subprocess.run(
        [sys.executable, __file__, str(HERE)],
        env={
            **os.environ,
            "EXAMPLE_ROLE": "child",
            "TAPE_CRASH_AT": "after_complete_effect:wire",
        },
    )
    print(f"child attempt ended by signal {-child.returncode} (SIGKILL is 9)")
    (run,) = journal.list_runs(limit=10)
    while journal.get_run(run_id=run.run_id).lease_expires_at_ms > time.time() * 1000:
        time.sleep(0.1)  # the dead attempt's lease has to run out before anyone takes over
    runner = build(journal)
    service = runner.session_service
    assert isinstance(service, TapeSessionService)
    # What durable_app does before a re-drive: drop the events the dead attempt appended.
    asyncio.run(
        service.rewind_invocation(
            app_name="treasury", user_id="u1", session_id="s1", invocation_id="e-pay-42"
        )
    )
    answer = asyncio.run(invoke(runner))
    run = journal.get_run(run_id=run.run_id)
    wires = BANK.read_text().splitlines()
    asked = ScriptedLlm.calls(HERE / "model-calls", run.run_id)
    decisions = journal.count_decisions(run_id=run.run_id)
    print(f"answer: {answer!r}; run {run.status.name}; decisions {decisions}; model asked {asked}")
    print(f"bank: {len(wires)} wire(s): {wires}")
    ok = run.status == RunStatus.TERMINAL and len(wires) == 1 and asked == decisions == 2
    print("OK: one wire, no model turn asked twice" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
