"""The parity scenarios: each drives one dispatcher (race: two) and checks the journal and the
upstream against the contract of docs/dispatchers.md. A scenario returns a short detail when
every check holds and raises :class:`Failed` at the first that does not."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from parity import dispatchers
from parity.dispatchers import Dispatcher, Running
from parity.upstream import SLOW_S, Upstream
from tape import DispatchMode, EffectSemantics, EffectStatus, Journal
from tape.records import EffectRecord

#: Slack on a recorded next-attempt time: process start and clock reads around the pass.
BACKOFF_TOLERANCE_MS = 500
#: Effects two racing dispatchers share, made in this many waves.
RACE_EFFECTS = 20
RACE_WAVES = 4
MAX_ATTEMPTS = 3


class Failed(Exception):
    """A check of a scenario did not hold; the message says which."""


@dataclass(frozen=True)
class Context:
    journal: Journal
    upstream: Upstream
    url: str
    work: Path


def check(condition: object, detail: str) -> None:
    if not condition:
        raise Failed(detail)


def pending(
    ctx: Context,
    connector: str,
    *,
    request: object = None,
    semantics: EffectSemantics = EffectSemantics.NON_IDEMPOTENT,
) -> EffectRecord:
    """A new run with one PENDING + OUTBOX effect for ``connector``."""
    run = ctx.journal.begin_run(
        app_name="parity",
        user_id="u",
        session_id=connector,
        invocation_id=uuid.uuid4().hex,
        lease_owner="parity",
    )
    effect = ctx.journal.begin_effect(
        run_id=run.run_id,
        decision_index=0,
        tool_name="parity_tool",
        request_json=request if request is not None else {"connector": connector},
        semantics=semantics,
        dispatch_mode=DispatchMode.OUTBOX,
        connector=connector,
        business_key=f"{connector}-{uuid.uuid4().hex[:12]}",
    )
    check(effect.status == EffectStatus.PENDING, f"new effect is {effect.status.name}")
    return effect


def now(ctx: Context, effect: EffectRecord) -> EffectRecord:
    found = ctx.journal.get_effect(run_id=effect.run_id, idempotency_key=effect.idempotency_key)
    check(found is not None, f"effect {effect.idempotency_key} is gone")
    assert found is not None
    return found


def expect(ctx: Context, effect: EffectRecord, status: EffectStatus, attempts: int) -> EffectRecord:
    found = now(ctx, effect)
    check(
        (found.status, found.dispatch_attempts) == (status, attempts),
        f"{found.connector}: {found.status.name} after {found.dispatch_attempts} attempt(s), "
        f"expected {status.name} after {attempts}; last error {found.last_dispatch_error[:200]!r}",
    )
    return found


def once(d: Dispatcher, ctx: Context, *flags: str) -> dispatchers.Finished:
    """One ``--once`` pass that must exit 0 having printed exactly one pass line."""
    done = dispatchers.run(d, ctx.url, ["--once", *flags])
    check(done.returncode == 0 and len(done.passes) == 1, f"--once: {done.describe()}")
    return done


def http(name: str, url: str) -> list[str]:
    return ["--register-http-connector", f"{name}={url}", "--connector", name]


# ---- the scenarios -------------------------------------------------------------------------


def confirmed(ctx: Context, d: Dispatcher) -> str:
    """PENDING -> CONFIRMED through the LogConnector and through the HTTP connector (/ok)."""
    log = ctx.work / f"{d.language}-log.jsonl"
    effect = pending(ctx, "log", request={"language": d.language, "amount": 100})
    once(d, ctx, "--register-log-connector", "--log-connector-path", str(log), "--connector", "log")
    found = expect(ctx, effect, EffectStatus.CONFIRMED, 1)
    lines = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    mine = [line for line in lines if line.get("idempotency_key") == effect.idempotency_key]
    check(len(mine) == 1, f"log: {len(mine)} line(s) for the effect, expected 1")
    line = mine[0]
    check(
        sorted(line)
        == ["business_key", "idempotency_key", "request", "run_id", "tool_name", "ts_ms"],
        f"log line keys {sorted(line)}",
    )
    check(
        line["request"] == {"language": d.language, "amount": 100},
        f"log request {line['request']!r}",
    )
    sha = hashlib.sha1(effect.idempotency_key.encode()).hexdigest()[:12]
    check(found.external_ref == f"log-{sha}", f"log external_ref {found.external_ref!r}")

    name = f"ok.{d.language}"
    effect = pending(ctx, name, request={"amount": 7})
    once(d, ctx, *http(name, ctx.upstream.url("/ok")))
    found = expect(ctx, effect, EffectStatus.CONFIRMED, 1)
    calls = ctx.upstream.calls_for(effect.idempotency_key)
    check(len(calls) == 1, f"http: {len(calls)} upstream call(s), expected 1")
    headers = calls[0].headers
    wanted = {
        "X-Tape-Effect-Key": effect.idempotency_key,
        "X-Tape-Run-Id": effect.run_id,
        "X-Tape-Business-Key": effect.business_key,
        "X-Tape-Attempt": "1",
    }
    wrong = {k: headers.get(k) for k, v in wanted.items() if headers.get(k) != v}
    check(not wrong, f"http: headers {wrong}")
    check(headers.get("Content-Type", "").startswith("application/json"), "http: Content-Type")
    check(json.loads(calls[0].body) == {"amount": 7}, f"http: body {calls[0].body[:100]!r}")
    check(found.external_ref.startswith("up-"), f"http: external_ref {found.external_ref!r}")

    name = f"dup.{d.language}"
    effect = pending(ctx, name)
    once(d, ctx, *http(name, ctx.upstream.url("/dup")))  # 409: it landed before
    found = expect(ctx, effect, EffectStatus.CONFIRMED, 1)
    check(found.external_ref.startswith("dup-"), f"409: external_ref {found.external_ref!r}")
    return "log line, one POST /ok, 409 from /dup confirmed"


def failed_backoff(ctx: Context, d: Dispatcher) -> str:
    """A refused port: retried at +1 s, +2 s, FAILED after --max-attempts; /busy retried, /bad
    FAILED at once.

    After the first attempt a pass runs at once: the effect is not due, so it must send
    nothing. (Should the machine be so slow that the pass comes after the due time, it must
    send then, and its claim must not be early: either way no attempt is ever made before the
    recorded next-attempt time.)
    """
    name = f"refused.{d.language}"
    effect = pending(ctx, name)
    flags = ["--max-attempts", str(MAX_ATTEMPTS), *http(name, ctx.upstream.refused_url())]
    due_at, seen, idle = 0, 0, 0
    for _ in range(2 * MAX_ATTEMPTS):
        before = _ms()
        once(d, ctx, *flags)
        after = _ms()
        found = now(ctx, effect)
        if found.dispatch_attempts == seen:  # nothing sent: right only before the due time
            check(seen > 0 and found.status == EffectStatus.PENDING, f"{found.status.name}, unsent")
            check(before < due_at, f"a pass {before - due_at} ms past the due time sent nothing")
            idle += 1
            _sleep_until(due_at + 50)
            continue
        check(
            found.dispatch_attempts == seen + 1, f"{found.dispatch_attempts} attempts after {seen}"
        )
        seen += 1
        check(
            found.last_dispatch_at_ms >= due_at,
            f"attempt {seen} sent {due_at - found.last_dispatch_at_ms} ms before its due time",
        )
        if seen == MAX_ATTEMPTS:
            break
        expect(ctx, effect, EffectStatus.PENDING, seen)
        delay = min(1000 * 2 ** (seen - 1), 60_000)
        low, high = before + delay - BACKOFF_TOLERANCE_MS, after + delay + BACKOFF_TOLERANCE_MS
        check(
            low <= found.next_dispatch_at_ms <= high,
            f"after attempt {seen}: next attempt at +{found.next_dispatch_at_ms - before} ms, "
            f"expected ~{delay} ms",
        )
        due_at = found.next_dispatch_at_ms
        if seen > 1 or idle:
            _sleep_until(due_at + 50)
    found = expect(ctx, effect, EffectStatus.FAILED, MAX_ATTEMPTS)
    final = _json(found.error_json) or _json(found.last_dispatch_error)
    check(
        isinstance(final, dict)
        and final.get("final") is True
        and final.get("attempts") == MAX_ATTEMPTS,
        f"FAILED error {str(found.error_json or found.last_dispatch_error)[:200]!r}",
    )

    name = f"busy.{d.language}"
    effect = pending(ctx, name)
    once(d, ctx, "--max-attempts", str(MAX_ATTEMPTS), *http(name, ctx.upstream.url("/busy")))
    expect(ctx, effect, EffectStatus.PENDING, 1)  # 429 is worth another try

    name = f"bad.{d.language}"
    effect = pending(ctx, name)
    once(d, ctx, "--max-attempts", str(MAX_ATTEMPTS), *http(name, ctx.upstream.url("/bad")))
    expect(ctx, effect, EffectStatus.FAILED, 1)
    check(ctx.upstream.count(effect.idempotency_key) == 1, "/bad: not exactly one call")
    early = "a pass before it was due sent nothing" if idle else "no attempt before its due time"
    return (
        f"retried at +1 s, +2 s (within {BACKOFF_TOLERANCE_MS} ms), {early}, FAILED after "
        f"{MAX_ATTEMPTS}; /busy (429) PENDING again, /bad (400) FAILED at once"
    )


def unknown_not_retried(ctx: Context, d: Dispatcher) -> str:
    """A NON_IDEMPOTENT effect answered 500 is UNKNOWN, and no later pass calls again."""
    name = f"boom.{d.language}"
    effect = pending(ctx, name)
    flags = http(name, ctx.upstream.url("/boom"))
    once(d, ctx, *flags)
    expect(ctx, effect, EffectStatus.UNKNOWN, 1)
    once(d, ctx, *flags)
    expect(ctx, effect, EffectStatus.UNKNOWN, 1)
    count = ctx.upstream.count(effect.idempotency_key)
    check(count == 1, f"/boom called {count} times, expected 1")
    return "UNKNOWN, one call in two passes"


def connector_filter(ctx: Context, d: Dispatcher) -> str:
    """With connectors a and b registered, --connector a dispatches only a's effects."""
    a, b = f"a.{d.language}", f"b.{d.language}"
    of_a, of_b = pending(ctx, a), pending(ctx, b)
    url = ctx.upstream.url("/ok")
    both = ["--register-http-connector", f"{a}={url}", "--register-http-connector", f"{b}={url}"]
    once(d, ctx, *both, "--connector", a)
    expect(ctx, of_a, EffectStatus.CONFIRMED, 1)
    expect(ctx, of_b, EffectStatus.PENDING, 0)
    check(ctx.upstream.count(of_b.idempotency_key) == 0, "b's effect was sent")
    return "a CONFIRMED, b untouched"


def once_exits(ctx: Context, d: Dispatcher) -> str:
    """--once makes one pass and exits 0, even with due work it cannot do left over."""
    log = ctx.work / f"{d.language}-once.jsonl"
    done_effect = pending(ctx, "log")
    left = pending(ctx, f"unregistered.{d.language}")
    done = once(d, ctx, "--register-log-connector", "--log-connector-path", str(log))
    expect(ctx, done_effect, EffectStatus.CONFIRMED, 1)
    expect(ctx, left, EffectStatus.PENDING, 0)
    return f"one pass in {done.seconds:.1f} s, exit 0"


def race(ctx: Context, first: Dispatcher, second: Dispatcher) -> str:
    """Two dispatchers of different languages, polling every 100 ms, share effects on /slow:
    every effect CONFIRMED by exactly one upstream call."""
    name = f"race.{first.language}.{second.language}"
    flags = ["--interval", "100", *http(name, ctx.upstream.url("/slow"))]
    running = [
        Running.start(d, ctx.url, [*flags, "--claimer", f"{d.language}-{i}"])
        for i, d in enumerate((first, second))
    ]
    try:
        # Both are polling before the effects exist, so both can claim from the first one on.
        _wait(
            lambda: all(r.passes or r.process.poll() is not None for r in running), 60, "first pass"
        )
        for r, d in zip(running, (first, second), strict=True):
            check(
                r.process.poll() is None,
                f"{d.language} exited {r.process.returncode}: {dispatchers.error_line(r.errors)!r}",
            )
        # In waves, each made at once while both are idle, so both list the same due effects
        # and the server's claim has to pick one for each.
        effects: list[EffectRecord] = []
        with ThreadPoolExecutor(RACE_EFFECTS // RACE_WAVES) as pool:
            for _ in range(RACE_WAVES):
                effects += pool.map(lambda _: pending(ctx, name), range(RACE_EFFECTS // RACE_WAVES))
                time.sleep(SLOW_S + 0.3)  # the wave is sent and both are polling again
        keys = {e.idempotency_key for e in effects}

        def settled() -> bool:
            statuses = [now(ctx, e).status for e in effects]
            wrong = [s.name for s in statuses if s in (EffectStatus.FAILED, EffectStatus.UNKNOWN)]
            check(not wrong, f"effects ended {wrong}, expected CONFIRMED")
            return all(s == EffectStatus.CONFIRMED for s in statuses)

        _wait(settled, 120, "every effect CONFIRMED")
    finally:
        for r in running:
            r.stop()
    counts = ctx.upstream.counts()
    twice = {k: counts[k] for k in keys if counts[k] != 1}
    example = next(iter(twice.items()), None)
    check(not twice, f"{len(twice)} of {RACE_EFFECTS} keys not called once (e.g. {example})")
    split = [
        sum(
            1
            for p in r.passes
            for row in p
            if row.get("result", row.get("outcome")) == "confirmed"
            and row.get("idempotency_key") in keys
        )
        for r in running
    ]
    check(sum(split) == RACE_EFFECTS, f"confirmed rows {split}, expected {RACE_EFFECTS} in all")
    lost = sum(
        1
        for r in running
        for p in r.passes
        for row in p
        if row.get("result", row.get("outcome")) == "skipped" and row.get("idempotency_key") in keys
    )
    sent = f"{first.language} sent {split[0]}, {second.language} {split[1]}, {lost} claims lost"
    return f"{RACE_EFFECTS} effects, 1 call each; {sent}"


#: The single-language scenarios, in the order they run.
SCENARIOS: dict[str, Callable[[Context, Dispatcher], str]] = {
    "confirmed": confirmed,
    "failed-backoff": failed_backoff,
    "unknown-not-retried": unknown_not_retried,
    "connector-filter": connector_filter,
    "once": once_exits,
}
RACE = "race"


def _json(text: str) -> object:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _ms() -> int:
    return int(time.time() * 1000)


def _sleep_until(ms: int) -> None:
    # The backoff is the thing under test: the next pass must come after the recorded time.
    time.sleep(max(0.0, ms / 1000 - time.time()))


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise Failed(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.05)
