"""Compaction (docs/performance.md): only settled runs that are over; payloads zeroed, a journal row
with the bytes saved; the pass keeps a hot window; ``tape compact`` (both backends)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from click.testing import CliRunner

from tape import DispatchMode, EffectSemantics, EffectStatus, RunStatus
from tape.cli import tape as tape_cli
from tape.errors import IllegalTransition, RunNotFound
from tape.reactors import compact
from tests.support.clock import FakeClock

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")

DAY_MS = 86_400_000


def finished_run(j: Any, status: RunStatus = RunStatus.TERMINAL) -> str:
    run = j.begin_run(
        app_name="app",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w1",
    ).run_id
    j.record_decision(
        run_id=run,
        decision_index=0,
        model="m-1",
        request_json={"prompt": "x" * 200},
        response_json={"text": "y" * 300},
        rationale="because",
    )
    e = j.begin_effect(run_id=run, decision_index=0, tool_name="wire", request_json={"amount": 125})
    j.complete_effect(
        run_id=run,
        idempotency_key=e.idempotency_key,
        status=EffectStatus.CONFIRMED,
        response_json={"wire_id": "w-1"},
        external_ref="ref-1",
    )
    j.end_run(run_id=run, status=status)
    return str(run)


def compaction_rows(j: Any, run_id: str) -> list[dict[str, Any]]:
    rows = j.read_journal(run_id=run_id, kind="run", limit=1000)
    payloads = [json.loads(r.payload_json) for r in rows]
    return [p for p in payloads if p.get("transition") == "compacted"]


def test_compacting_a_settled_run_zeroes_payloads_and_journals_the_bytes(tj: Any) -> None:
    run = finished_run(tj)
    [listed] = tj.list_compactable_runs(before_ms=tj.database.now_ms() + 1)
    assert listed.run_id == run
    before = tj.compactable_bytes(run_id=run)
    done = tj.compact_run(run_id=run)
    assert (done.decisions_zeroed, done.effects_zeroed, done.already_compacted) == (1, 1, False)
    assert done.bytes_saved == before > 500
    decision = tj.get_decision(run_id=run, decision_index=0)
    assert (decision.request_json, decision.response_json, decision.rationale) == ("", "", "")
    assert (decision.model, decision.decision_index) == ("m-1", 0)
    [effect] = tj.list_effects(run_id=run)
    assert (effect.request_json, effect.response_json, effect.error_json) == ("", "", "")
    assert (effect.status, effect.external_ref) == (EffectStatus.CONFIRMED, "ref-1")
    [row] = compaction_rows(tj, run)
    assert row["bytes_saved"] == done.bytes_saved
    assert (row["run_id"], row["decisions_zeroed"], row["effects_zeroed"]) == (run, 1, 1)
    assert row["compacted_at_ms"] == tj.get_run(run_id=run).compacted_at_ms > 0
    again = tj.compact_run(run_id=run)
    assert again.already_compacted and again.bytes_saved == 0
    assert len(compaction_rows(tj, run)) == 1
    assert tj.list_compactable_runs(before_ms=tj.database.now_ms() + 1) == []


def test_only_settled_runs_that_are_over(tj: Any) -> None:
    live = tj.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id="live", lease_owner="w1"
    ).run_id
    with pytest.raises(IllegalTransition, match="not terminal"):
        tj.compact_run(run_id=live)
    stuck = finished_run(tj, RunStatus.STUCK)
    with pytest.raises(IllegalTransition, match="not terminal"):
        tj.compact_run(run_id=stuck)
    unsettled = tj.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id="u", lease_owner="w1"
    ).run_id
    e = tj.begin_effect(
        run_id=unsettled,
        decision_index=0,
        tool_name="send",
        connector="bank",
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        request_json={"amount": 1},
    )
    tj.end_run(run_id=unsettled, status=RunStatus.FAILED)
    before = tj.get_effect(run_id=unsettled, idempotency_key=e.idempotency_key)
    with pytest.raises(IllegalTransition, match="not settled"):
        tj.compact_run(run_id=unsettled)
    assert tj.get_effect(run_id=unsettled, idempotency_key=e.idempotency_key) == before
    assert compaction_rows(tj, unsettled) == []
    with pytest.raises(RunNotFound):
        tj.compact_run(run_id="nope")
    assert tj.list_compactable_runs(before_ms=tj.database.now_ms() + 1) == []


def test_the_pass_keeps_the_hot_window(tj: Any, clock: FakeClock) -> None:
    old = finished_run(tj)
    clock.advance(2 * DAY_MS)
    recent = finished_run(tj)
    assert [r.run_id for r in tj.list_compactable_runs(before_ms=clock.now - DAY_MS)] == [old]
    results = compact.run_once(tj, hot_window_ms=DAY_MS)
    assert [(r["run_id"], r["result"]) for r in results] == [(old, "compacted")]
    assert tj.get_run(run_id=recent).compacted_at_ms == 0


def test_tape_compact_cli(sqlite_url: str) -> None:
    from tape import Journal

    with Journal(sqlite_url) as j:
        run = finished_run(j)
    runner = CliRunner()
    args = ["compact", "--database-url", sqlite_url, "--before", "0s"]
    dry = runner.invoke(tape_cli, [*args, "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    out = json.loads(dry.output)
    assert [r["result"] for r in out["runs"]] == ["compactable"] and out["bytes"] > 0
    real = runner.invoke(tape_cli, args)
    assert real.exit_code == 0, real.output
    assert run in real.output and "saved" in real.output
    with Journal(sqlite_url) as j:
        assert j.get_run(run_id=run).compacted_at_ms > 0
    bad = runner.invoke(tape_cli, ["compact", "--database-url", sqlite_url, "--before", "soon"])
    assert bad.exit_code == 2 and "not a duration" in bad.output
