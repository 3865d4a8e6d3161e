"""The verdict on the soak's other surfaces (:mod:`soak.surfaces`): the agent runs, one wire
per business key, the model asked once per decision, one DONE task per confirmed row, and no
obligation both compensated and not."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from soak.agents import RELEASE_KIND, REVERSE_KIND
from tape.enums import EffectStatus, ObligationStatus, RunStatus, TaskStatus
from tape.store import tables

if TYPE_CHECKING:
    from soak.surfaces import Surfaces

REMOTE_TOOL = "remote_wire"
REACTION = "soak_confirmed"
#: Decisions every agent run takes: reserve, wire, answer.
DECISIONS = 3


def check(surf: Surfaces) -> tuple[str, list[str]]:
    """Every invariant of the surfaces; returns a summary and the problems found.

    - Runs: every agent run TERMINAL, or FAILED when it was refused and undone; a STUCK one
      has a reason; none WAITING on a satisfied gate, none RUNNING with an expired lease
      (none still going at all, once settled); three decisions each.
    - Wires: exactly one booked at the bank per business key of a CONFIRMED agent or remote
      wire, none for any other, none the journal does not know; every remote wire CONFIRMED.
    - The model: asked at least once per recorded decision, and again only after a call the
      journal marks ``lost`` (in flight when its process died).
    - The bus: exactly one task per confirmed-effect row, DONE, and its handler called.
    - Compensation: an obligation is COMPENSATED exactly when its inverse ran (a reversal at
      the bank, a ``release`` noted); a refused run's are all COMPENSATED, the others' held.
    """
    data = _read(surf)
    problems: list[str] = []
    parts = [
        _runs(surf, data, problems),
        _wires(surf, data, problems),
        _model(surf, data, problems),
        _bus(surf, data, problems),
        _compensation(surf, data, problems),
    ]
    return "; ".join(parts), problems


def _read(surf: Surfaces) -> dict[str, Any]:
    ids = [r.run_id for r in surf.runs]
    r, d, j, e, o, t, s = (
        tables.runs.c,
        tables.decisions.c,
        tables.journal.c,
        tables.effects.c,
        tables.obligations.c,
        tables.tasks.c,
        tables.signals.c,
    )
    with surf.journal.database.read() as conn:
        return {
            "runs": conn.execute(
                select(
                    r.run_id,
                    r.status,
                    r.detail_json,
                    r.redrive_count,
                    r.waiting_on_gate,
                    r.lease_expires_at_ms,
                ).where(r.run_id.in_(ids))
            ).all(),
            "delivered": {
                (row.run_id, row.gate_name)
                for row in conn.execute(
                    select(s.run_id, s.gate_name).where(s.run_id.in_(ids), s.delivered != 0)
                )
            },
            "decisions": conn.execute(
                select(d.run_id, d.decision_index).where(d.run_id.in_(ids))
            ).all(),
            "lost": list(
                conn.execute(
                    select(j.subject).where(j.subject.like("/tape/decision/lost/%"))
                ).scalars()
            ),
            "wires": conn.execute(
                select(e.tool_name, e.business_key, e.status).where(
                    e.tool_name.in_(["agent_wire", REMOTE_TOOL])
                )
            ).all(),
            "obligations": conn.execute(
                select(o.run_id, o.effect_key, o.kind, o.status, o.payload_json).where(
                    o.run_id.in_(ids)
                )
            ).all(),
            "rows": confirmed_rows(conn),
            "tasks": conn.execute(
                select(t.source_global_seq, t.status).where(t.reaction_id == REACTION)
            ).all(),
        }


def _runs(surf: Surfaces, data: dict[str, Any], problems: list[str]) -> str:
    by_run = {r.run_id: r for r in surf.runs}
    now = int(time.time() * 1000)
    statuses: Counter[str] = Counter()
    for run in data["runs"]:
        status, mine = RunStatus(run.status), by_run[run.run_id]
        statuses[status.name] += 1
        expected = RunStatus.FAILED if mine.refuse else RunStatus.TERMINAL
        if status == RunStatus.STUCK:
            if not json.loads(run.detail_json or "{}"):
                problems.append(f"run {run.run_id} STUCK without a reason")
        elif status == RunStatus.WAITING and (run.run_id, run.waiting_on_gate) in data["delivered"]:
            problems.append(f"run {run.run_id} WAITING on a satisfied gate {run.waiting_on_gate}")
        elif status == RunStatus.RUNNING and run.lease_expires_at_ms < now:
            problems.append(f"run {run.run_id} RUNNING with an expired lease")
        elif status != expected:
            problems.append(f"run {run.run_id} ({mine.agent}) {status.name}, not {expected.name}")
    if len(data["runs"]) != len(surf.runs):
        problems.append(f"{len(data['runs'])} agent runs in the journal, {len(surf.runs)} started")
    per_run = Counter(d.run_id for d in data["decisions"])
    short = [i for i in by_run if per_run[i] != DECISIONS]
    if short:
        problems.append(f"{len(short)} runs without {DECISIONS} decisions (e.g. {short[:2]})")
    redrives = sum(run.redrive_count for run in data["runs"])
    kinds = ", ".join(f"{a} {n}" for a, n in sorted(Counter(r.agent for r in surf.runs).items()))
    return (
        f"{len(surf.runs)} agent runs ({kinds}): {dict(statuses)}, {redrives} re-drives, "
        f"gates {dict(surf.signals)}"
    )


def _wires(surf: Surfaces, data: dict[str, Any], problems: list[str]) -> str:
    booked = Counter(surf.upstream.stats()["per_business_key"])
    seen: Counter[str] = Counter()
    for w in data["wires"]:
        status = EffectStatus(w.status).name
        seen[f"{w.tool_name} {status}"] += 1
        if booked[w.business_key] != (1 if status == "CONFIRMED" else 0):
            problems.append(
                f"{w.tool_name} {w.business_key} {status}: {booked[w.business_key]} wires"
            )
        if w.tool_name == REMOTE_TOOL and status != "CONFIRMED":
            problems.append(f"remote wire {w.business_key} {status}")
    if len(data["wires"]) != len(surf.runs) + len(surf.remote_keys):
        problems.append(f"{len(data['wires'])} agent and remote wires in the journal")
    known = {w.business_key for w in data["wires"]}
    strays = sorted(k for k in booked if k not in known)
    if strays:
        problems.append(f"{len(strays)} wires the journal does not have (e.g. {strays[:2]})")
    return f"wires {dict(seen)}, {sum(booked.values())} booked by business key"


def _model(surf: Surfaces, data: dict[str, Any], problems: list[str]) -> str:
    calls = Counter(_lines(surf.workdir / "counts" / "model-calls"))
    # /tape/decision/lost/<run>/<index> -> <run>/decision-<index>, the key calls are noted by
    lost = Counter("/decision-".join(s.rsplit("/", 2)[1:]) for s in data["lost"])
    recorded = {f"{d.run_id}/decision-{d.decision_index}" for d in data["decisions"]}
    if calls["outside-a-decision"]:
        problems.append(f"{calls['outside-a-decision']} model calls outside a tape decision")
    for key in sorted(recorded | set(calls)):
        if key in recorded and calls[key] < 1:
            problems.append(f"decision {key} recorded, the model never asked")
        if calls[key] > 1 + lost[key]:
            problems.append(f"decision {key} asked {calls[key]} times ({lost[key]} lost)")
    again = sum(n - 1 for n in calls.values() if n > 1)
    return (
        f"model asked {sum(calls.values())} times for {len(recorded)} decisions "
        f"({sum(lost.values())} calls lost, {again} asked again)"
    )


def _bus(surf: Surfaces, data: dict[str, Any], problems: list[str]) -> str:
    rows: list[int] = data["rows"]
    per_row = Counter(t.source_global_seq for t in data["tasks"])
    done = {t.source_global_seq for t in data["tasks"] if t.status == TaskStatus.DONE}
    handled = Counter(int(n.split()[0]) for n in _lines(surf.workdir / "counts" / "reactions"))
    for seq in rows:
        if per_row[seq] != 1 or seq not in done:
            problems.append(f"confirmed row {seq}: {per_row[seq]} tasks, DONE: {seq in done}")
        elif not handled[seq]:
            problems.append(f"confirmed row {seq}: its task DONE, its handler never called")
    strays = set(per_row) - set(rows)
    if strays:
        problems.append(f"{len(strays)} tasks for rows that are not confirmed effects")
    return (
        f"reaction: {len(rows)} confirmed rows, {len(done)} DONE tasks, "
        f"{sum(handled.values())} handler calls"
    )


def _compensation(surf: Surfaces, data: dict[str, Any], problems: list[str]) -> str:
    by_run = {r.run_id: r for r in surf.runs}
    # A retried inverse sends the same Idempotency-Key: one reversal per key.
    reversed_refs = {
        r.headers.get("Idempotency-Key", "").removeprefix("reverse:")
        for r in surf.upstream.reversals
    }
    released = set(_lines(surf.workdir / "counts" / "releases"))
    statuses: Counter[str] = Counter()
    owed_refs: set[str] = set()
    for ob in data["obligations"]:
        status = ObligationStatus(ob.status)
        statuses[status.name] += 1
        payload = json.loads(ob.payload_json or "{}")
        if ob.kind == REVERSE_KIND:
            owed_refs.add(payload.get("external_ref", ""))
            ran = payload.get("external_ref", "") in reversed_refs
        elif ob.kind == RELEASE_KIND:
            ran = payload.get("key", "") in released
        else:
            problems.append(f"obligation of kind {ob.kind} on {ob.effect_key}")
            continue
        compensated = status == ObligationStatus.COMPENSATED
        if ran != compensated:
            problems.append(f"obligation {ob.effect_key} {status.name}, its inverse ran: {ran}")
        if by_run[ob.run_id].refuse != compensated:
            refused = "refused" if by_run[ob.run_id].refuse else "not refused"
            problems.append(f"obligation {ob.effect_key} {status.name}, its run {refused}")
    per_run = Counter(ob.run_id for ob in data["obligations"])
    odd = [i for i in by_run if per_run[i] != 2]
    if odd:
        problems.append(f"{len(odd)} runs not owing two inverses (e.g. {odd[:2]})")
    unowed = sorted(reversed_refs - owed_refs)
    if unowed:
        problems.append(f"reversals at the bank nobody owed: {unowed[:3]}")
    return (
        f"obligations {dict(statuses)}, {len(reversed_refs)} reversals at the bank, "
        f"{len(released)} releases"
    )


def effect_counts(conn: Any, tool: str) -> Counter[str]:
    """Effects of ``tool`` by status, UNKNOWN split into stuck and not."""
    found: Counter[str] = Counter()
    e = tables.effects.c
    for status, stuck in conn.execute(select(e.status, e.stuck_at_ms).where(e.tool_name == tool)):
        name = EffectStatus(status).name
        if name == "UNKNOWN":
            name = "UNKNOWN (stuck)" if stuck else "UNKNOWN (not stuck)"
        found[name] += 1
    return found


def confirmed_rows(conn: Any) -> list[int]:
    """The journal rows of confirmed effects (what the reaction matches)."""
    j = tables.journal.c
    query = select(j.global_seq).where(j.subject.like("/tape/effect/confirmed/%"))
    return list(conn.execute(query).scalars())


def _lines(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        return []
