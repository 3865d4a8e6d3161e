"""``tape dev --kill-resume-demo``: crash an agent mid-effect and watch recovery finish the run.

The worker children run with ``TAPE_CRASH_AT=after_begin_effect:wire_money`` and a crash-once
file, so the pool process running the agent SIGKILLs itself right after BeginEffect of
``wire_money`` and before the agent sees its result, once. Every line printed here is read
from the journal, the worker's log or the fake bank: nothing is assumed.

Every demo run has its own inputs: ``{demo_run}`` in a string input (the scaffold's invoice
number, ``INV-42-{demo_run}``) becomes a fresh id, so a second demo in the same folder wires a
new invoice instead of finding the first demo's wire by business key. A demo that fails never
leaves its run behind: a run that did not end is cancelled (journaled) before ``tape dev`` stops.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import click

from tape import errors
from tape.cli.devprocs import DevProcesses
from tape.enums import EffectStatus, RunStatus
from tape.journal import Journal
from tape.records import JournalEntry
from tape.state import RUN_FINAL

TOOL = "wire_money"
CRASH_POINT = f"after_begin_effect:{TOOL}"
#: Replaced in string inputs by the id of the demo run.
DEMO_RUN = "{demo_run}"
_ENDED = frozenset({*RUN_FINAL, RunStatus.STUCK, RunStatus.COMPENSATING})


@dataclass
class Outcome:
    """What the demo saw."""

    killed_pid: int = 0
    run_status: RunStatus = RunStatus.UNSPECIFIED
    wires: int = -1


def _entries(journal: Journal, run_id: str) -> list[JournalEntry]:
    found = journal.read_journal(run_id=run_id, limit=10_000)
    return sorted(found, key=lambda e: e.seq)


def _lease_entries(entries: list[JournalEntry], after_seq: int) -> list[JournalEntry]:
    return [
        e
        for e in entries
        if e.kind == "run" and e.seq > after_seq and e.payload.get("status") == "running"
    ]


def demo_inputs(inputs: Mapping[str, Any], demo_run: str) -> dict[str, Any]:
    """``inputs`` with ``{demo_run}`` in every string value replaced by ``demo_run``."""
    return {
        name: value.replace(DEMO_RUN, demo_run) if isinstance(value, str) else value
        for name, value in inputs.items()
    }


def run_demo(
    journal: Journal,
    procs: DevProcesses,
    agent: Any,
    inputs: dict[str, Any],
    wires: Callable[[], int],
    timeout: float,
) -> int:
    """Trigger one run, follow it to its end, print the story; 0 iff exactly one wire.

    A run that has not ended when the demo stops (failure, timeout, Ctrl-C) is cancelled.
    """
    run_ids: list[str] = []
    try:
        outcome = _demo(journal, procs, agent, inputs, timeout, run_ids)
    finally:
        for run_id in run_ids:
            _cancel_unfinished(journal, run_id)
    return _finish(outcome, wires)


def _cancel_unfinished(journal: Journal, run_id: str) -> None:
    run = journal.get_run(run_id=run_id)
    if run.status in RUN_FINAL:
        return
    try:
        journal.end_run(
            run_id=run_id,
            status=RunStatus.CANCELLED,
            detail_json={"cancelled_by": "tape dev --kill-resume-demo", "reason": "demo stopped"},
        )
    except errors.IllegalTransition:  # it ended meanwhile (the worker finished it)
        return
    click.echo(f"• run {run_id} was {run.status.name}: cancelled, so nothing re-drives it later")


def _demo(
    journal: Journal,
    procs: DevProcesses,
    agent: Any,
    inputs: dict[str, Any],
    timeout: float,
    run_ids: list[str],
) -> Outcome:
    outcome = Outcome()
    deadline = time.monotonic() + timeout

    def expired() -> bool:
        return time.monotonic() > deadline

    def children_ok() -> bool:
        return procs.supervise()  # restarts a worker or beat that died, unless in a storm

    demo_run = secrets.token_hex(4)
    # The demo rehearses the project's own agent, so its run gets the scopes the agent's tools
    # require (as `tape run --scope` would), said out loud; without them it could not start.
    required = getattr(agent, "required_scopes", None)
    scopes = sorted(required()) if callable(required) else []
    if scopes:
        click.echo(f"→ granting the demo run the scopes its tools require: {', '.join(scopes)}")
    click.echo(f"→ triggering run (demo run {demo_run})...")
    handle = agent.delay(**demo_inputs(inputs, demo_run), **({"scopes": scopes} if scopes else {}))
    run_id: str = handle.run_id
    run_ids.append(run_id)
    click.echo(f"→ run {run_id} started (agent `{getattr(agent, 'name', '?')}`)")

    # 1. The crash: the worker reports its pool process killed by SIGKILL.
    while not outcome.killed_pid and not expired() and children_ok():
        killed = procs.killed_pool_pids()
        if killed:
            outcome.killed_pid = killed[0]
            break
        if journal.get_run(run_id=run_id).status in _ENDED:
            break
        time.sleep(0.2)
    effects = [e for e in journal.list_effects(run_id=run_id) if e.tool_name == TOOL]
    if outcome.killed_pid and not effects:
        click.echo(
            f"✗ the agent was killed, but its `{TOOL}` matched an earlier run's effect by "
            f"business key (nothing new to wire): give each demo run its own inputs "
            f"({DEMO_RUN} in agent.demo_inputs)"
        )
        return outcome
    if not outcome.killed_pid or not effects:
        click.echo(f"✗ the agent was not killed mid-effect (crash hook {CRASH_POINT} not hit)")
        return outcome
    begin = min(effects, key=lambda e: e.seq)
    click.echo(
        f"✗ agent killed mid-effect (pid {outcome.killed_pid}): BeginEffect `{TOOL}` "
        f"at seq {begin.seq}, no CompleteEffect"
    )

    # 2. Recovery claims the run, 3. the agent task takes it over, 4. the run ends.
    claimed = attached = None
    run = journal.get_run(run_id=run_id)
    while not expired() and children_ok():
        entries = _entries(journal, run_id)
        leases = _lease_entries(entries, begin.seq)
        if claimed is None:
            claimed = next(
                (
                    e
                    for e in leases
                    if str(e.payload.get("lease_owner", "")).startswith("recovery:")
                ),
                None,
            )
            if claimed is not None:
                runnable = any(
                    e.kind == "run" and e.payload.get("status") == "runnable" and e.seq > begin.seq
                    for e in entries
                )
                why = "RUNNABLE" if runnable else "RUNNING with an expired lease"
                click.echo(f"↻ recovery reactor: run {run_id} is {why}; re-driving")
        if attached is None:
            attached = next(
                (
                    e
                    for e in leases
                    if not str(e.payload.get("lease_owner", "")).startswith("recovery:")
                ),
                None,
            )
            if attached is not None:
                index = sum(1 for e in entries if e.kind == "decision" and e.seq < attached.seq)
                click.echo(f"✓ agent re-attached at decision_index={index}, seq={attached.seq}")
        run = journal.get_run(run_id=run_id)
        if run.status in _ENDED:
            break
        time.sleep(0.3)
    outcome.run_status = run.status
    if run.status not in _ENDED:
        click.echo(f"✗ run {run_id} did not finish in {timeout:.0f}s (status {run.status.name})")
        return outcome

    entries = _entries(journal, run_id)
    effect = journal.get_effect(run_id=run_id, idempotency_key=begin.idempotency_key)
    confirmed = next(
        (
            e
            for e in entries
            if e.kind == "effect"
            and e.payload.get("idempotency_key") == begin.idempotency_key
            and e.payload.get("status") == "confirmed"
        ),
        None,
    )
    later = _lease_entries(entries, confirmed.seq) if confirmed is not None else []
    if effect is not None and effect.status == EffectStatus.CONFIRMED and later:
        click.echo(f"✓ effect `{TOOL}` short-circuited (already CONFIRMED)")
    elif effect is not None:
        click.echo(
            f"• effect `{TOOL}` is {effect.status.name} "
            f"(dispatch attempts: {effect.dispatch_attempts})"
        )
    if run.status == RunStatus.TERMINAL:
        click.echo("✓ run terminated cleanly")
    else:
        click.echo(f"✗ run ended {run.status.name}")
    return outcome


def _finish(outcome: Outcome, wires: Callable[[], int]) -> int:
    outcome.wires = wires()
    ok = outcome.wires == 1 and outcome.killed_pid > 0 and outcome.run_status == RunStatus.TERMINAL
    noun = "wire" if outcome.wires == 1 else "wires"
    mark = "✓" if outcome.wires == 1 else "✗"
    click.echo(f"ASSERT: upstream observed exactly {outcome.wires} {noun} {mark}")
    return 0 if ok else 1
