"""Waiting for the soak to settle by itself, and checking what it left behind."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from tape.enums import EffectStatus
from tape.journal import Journal
from tape.store import tables

e = tables.effects
j = tables.journal


def live_counts(journal: Journal, tool: str) -> tuple[Counter[str], int]:
    """Effects of ``tool`` by status, and how many UNKNOWN ones are not marked stuck."""
    with journal.database.read() as conn:
        rows = conn.execute(
            select(e.c.status, e.c.stuck_at_ms > 0, func.count())
            .where(e.c.tool_name == tool)
            .group_by(e.c.status, e.c.stuck_at_ms > 0)
        ).all()
    counts: Counter[str] = Counter()
    unstuck_unknown = 0
    for status, stuck, n in rows:
        counts[EffectStatus(status).name] += int(n)
        if status == EffectStatus.UNKNOWN and not stuck:
            unstuck_unknown += int(n)
    return counts, unstuck_unknown


def wait_settled(
    journal: Journal, tool: str, expected: int, timeout_s: float, tick: Callable[[], None]
) -> bool:
    """Wait (calling ``tick``, the supervisor, meanwhile) until every effect is CONFIRMED,
    FAILED or stuck UNKNOWN; False if ``timeout_s`` passed first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        tick()
        try:
            counts, unstuck = live_counts(journal, tool)
        except Exception:  # the database may be restarting; ask again
            time.sleep(1.0)
            continue
        if sum(counts.values()) == expected and counts["PENDING"] == 0 and unstuck == 0:
            return True
        time.sleep(1.0)
    return False


@dataclass
class Verdict:
    counts: Counter[str] = field(default_factory=Counter)
    stuck: int = 0
    wires: int = 0
    posts: int = 0
    resent: int = 0
    max_attempts: int = 0
    last_settled_ms: int = 0
    last_settled: str = ""  # what the last effect to settle went through
    problems: list[str] = field(default_factory=list)

    def problem(self, what: str, keys: list[str]) -> None:
        if keys:
            self.problems.append(f"{len(keys)} {what} (e.g. {sorted(keys)[:2]})")


def absent_observations(journal: Journal) -> Counter[str]:
    """Per idempotency key, how many observations found the effect absent (each one allows
    one more send)."""
    with journal.database.read() as conn:
        payloads = conn.execute(
            select(j.c.payload_json).where(j.c.payload_json.like("%observed-absent%"))
        ).scalars()
        found: Counter[str] = Counter()
        for raw in payloads:
            payload = json.loads(raw)
            if payload.get("transition") == "observed-absent":
                found[payload["idempotency_key"]] += 1
    return found


def check(
    journal: Journal,
    tool: str,
    expected: int,
    wires: Counter[str],
    posts: Counter[str],
    faults: dict[str, str],
) -> Verdict:
    """One booked wire per CONFIRMED effect, none per FAILED, nothing PENDING, UNKNOWN only
    when stuck, FAILED only where the bank refused (a 400), and no second POST for an effect
    unless an observation found it absent first."""
    with journal.database.read() as conn:
        rows = conn.execute(
            select(
                e.c.idempotency_key,
                e.c.status,
                e.c.stuck_at_ms,
                e.c.ts_ms,
                e.c.dispatch_attempts,
                e.c.external_ref,
                e.c.reconcile_attempts,
                e.c.created_at_ms,
                e.c.last_dispatch_at_ms,
            ).where(e.c.tool_name == tool)
        ).all()
    v = Verdict()
    by_status: dict[str, list[str]] = {s.name: [] for s in EffectStatus}
    for row in rows:
        status = EffectStatus(row.status).name
        v.counts[status] += 1
        by_status[status].append(row.idempotency_key)
        v.max_attempts = max(v.max_attempts, row.dispatch_attempts)
        if status in ("CONFIRMED", "FAILED") and row.ts_ms > v.last_settled_ms:
            v.last_settled_ms = row.ts_ms
            v.last_settled = (
                f"{row.idempotency_key} {status}: {faults.get(row.idempotency_key) or 'no'} "
                f"upstream fault, {row.dispatch_attempts} dispatch attempts, "
                f"{row.reconcile_attempts} stuck observations, {posts[row.idempotency_key]} POSTs, "
                f"created {row.created_at_ms}, last sent {row.last_dispatch_at_ms}, "
                f"settled {row.ts_ms}"
            )
        if status == "UNKNOWN" and row.stuck_at_ms:
            v.stuck += 1
    keys = {row.idempotency_key for row in rows}
    confirmed, failed = by_status["CONFIRMED"], by_status["FAILED"]
    unknown = by_status["UNKNOWN"]
    stuck = {row.idempotency_key for row in rows if row.stuck_at_ms}
    v.wires, v.posts = sum(wires.values()), sum(posts.values())
    v.resent = sum(1 for n in posts.values() if n > 1)
    if len(rows) != expected:
        v.problems.append(f"{len(rows)} effects in the journal, {expected} enqueued")
    v.problem("CONFIRMED effects without exactly one wire", [k for k in confirmed if wires[k] != 1])
    v.problem("FAILED effects with a wire", [k for k in failed if wires[k]])
    v.problem(
        "FAILED effects the bank never refused", [k for k in failed if faults.get(k) != "400"]
    )
    v.problem("PENDING effects", by_status["PENDING"])
    v.problem("UNKNOWN effects not marked stuck", [k for k in unknown if k not in stuck])
    v.problem("effects booked more than once", [k for k, n in wires.items() if n > 1])
    absent = absent_observations(journal)
    v.problem(
        "effects sent again without an observation that found them absent (a blind resend)",
        [k for k, n in posts.items() if n > 1 + absent[k]],
    )
    v.problem("wires for keys the journal does not have", [k for k in wires if k not in keys])
    return v
