"""Issue 8, tests 1 and 2: a lossy non-idempotent bank behind a connector that cannot observe,
on real ``celery -A tape worker`` / ``beat`` processes, Postgres and Redis, with workers
SIGKILLed while they dispatch.

The bank (a :class:`~tape.testing.FakeUpstream`) books every wire it receives and loses the
ack of some: the connection is reset after the commit, the reply comes after the client's
timeout, or a 503 follows the commit. The connector is ``HTTPConnector`` with no
``observe_endpoint`` (``tests.support.blind_bank``).

1. With no status check (tool ``wire_money``): no business key ever gets a second request at
   the bank; every effect whose ack was lost (and every one a killed worker left in flight)
   ends UNKNOWN and stuck with its run STUCK. An operator reads the bank's books and runs
   ``tape resolve KEY --confirm`` (``--absent`` for the few the bank never saw); each run
   leaves STUCK (RUNNABLE, journaled with the operator) and its agent finishes it TERMINAL.
2. With a status check registered for the tool (``wire_checked``, reading the bank's books):
   the check decides, nothing is stuck, nothing is doubled.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tape import DispatchMode, EffectRecord, EffectSemantics, EffectStatus, Journal, RunStatus
from tape.testing import FakeUpstream
from tests.support import celery_procs
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

N = 200
TIMEOUT_S = 1.0  # the connector's; the bank's slow replies take longer


def business_key(i: int) -> str:
    return f"acc-{i}:{100 + i}:2025-01-02"


def begin_wires(journal: Journal, tool: str, indexes: range) -> list[EffectRecord]:
    """One run per index, each with one NON_IDEMPOTENT outbox wire (what the agent journals)."""
    effects = []
    for i in indexes:
        run_id = journal.begin_run(
            app_name="treasury-acceptance",
            user_id="u",
            session_id=f"s{i}",
            invocation_id=uuid.uuid4().hex,
            lease_owner="agent",
        ).run_id
        effects.append(
            journal.begin_effect(
                run_id=run_id,
                decision_index=0,
                tool_name=tool,
                request_json={"account": f"acc-{i}", "amount": 100 + i},
                semantics=EffectSemantics.NON_IDEMPOTENT,
                dispatch_mode=DispatchMode.OUTBOX,
                connector="bank.blind",
                business_key=business_key(i),
                # The settle window after an observed absent covers a slow first attempt.
                dispatch_timeout_ms=int(TIMEOUT_S * 2000),
            )
        )
    return effects


def lose_acks(bank: FakeUpstream, indexes: range) -> set[str]:
    """Make the bank book, then lose the ack of 3 wires in 10 (set up before they are
    journaled, by business key); returns those business keys."""
    lost: set[str] = set()
    for i in indexes:
        key = business_key(i)
        if i % 10 == 1:
            bank.reset_connection(key=key, path="/wires")
        elif i % 10 == 4:
            bank.delay(TIMEOUT_S * 3, key=key, path="/wires")
        elif i % 10 == 7:
            bank.respond(503, {"error": "upstream busy"}, key=key, path="/wires", commit=True)
        else:
            continue
        lost.add(key)
    return lost


class Wires:
    """The test's N wires, journaled in two halves: the second only after a worker was
    killed, so a kill always lands while the outbox still has wires to send (however long
    the test process is starved of CPU, the first half alone can never be all N)."""

    def __init__(self, journal: Journal, bank: FakeUpstream, tool: str) -> None:
        self.journal, self.bank, self.tool = journal, bank, tool
        self.effects: list[EffectRecord] = []
        self.lost_business_keys: set[str] = set()
        self.add(range(N // 2))

    def add(self, indexes: range) -> None:
        self.lost_business_keys |= lose_acks(self.bank, indexes)
        self.effects.extend(begin_wires(self.journal, self.tool, indexes))

    def add_the_rest(self) -> None:
        self.add(range(N // 2, N))

    @property
    def lost(self) -> set[str]:
        """Idempotency keys of the wires whose ack the bank loses."""
        return {
            e.idempotency_key for e in self.effects if e.business_key in self.lost_business_keys
        }


def env_for(pg_url: str, redis_url: str, bank: FakeUpstream) -> dict[str, str]:
    return {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.blind_bank",
        "TAPE_DISPATCH_HINTS": "0",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_RECONCILE_INTERVAL": "0.5",
        # Small batches, so dispatching takes long enough for the kills to land mid-way; one
        # thread per claimed effect, so every call starts when its claim is taken (the claim
        # lease and the settle window count from there).
        "TAPE_DISPATCH_BATCH": "8",
        "TAPE_DISPATCH_CONCURRENCY": "8",
        # A killed dispatcher's claims expire soon (well above one call's timeout).
        "TAPE_DISPATCH_LEASE_MS": "8000",
        "TAPE_REACTOR_LEASE_MS": "10000",
        # No agent runs here: the test plays the agent, recovery stays out of the way.
        "TAPE_RECOVERY_INTERVAL": "3600",
        "TAPE_COMPENSATION_INTERVAL": "3600",
        "BANK_URL": bank.url,
        "BANK_TIMEOUT_S": str(TIMEOUT_S),
    }


class Fleet:
    """Real workers; ``kill()`` SIGKILLs one whole worker (master and pool) and starts a
    replacement, as a supervisor would."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.tmp_path, self.env = tmp_path, env
        self.procs: list[celery_procs.CeleryProc] = []
        self.live: list[celery_procs.CeleryProc] = []
        self.killed = 0

    def start(self) -> celery_procs.CeleryProc:
        name = f"w{len(self.procs) + 1}"
        proc = celery_procs.worker(self.tmp_path, self.env, name=name, concurrency=2)
        self.procs.append(proc.start())
        proc.wait_ready(90)
        self.live.append(proc)
        return proc

    def kill(self) -> None:
        victim = self.live.pop(0)
        os.killpg(victim.pid, signal.SIGKILL)
        victim.stop(grace=0)
        self.killed += 1
        self.start()

    def stop(self) -> None:
        for proc in self.procs:
            proc.stop()


@pytest.fixture
def fleet(tmp_path: Path, pg_url: str, redis_url: str, bank: FakeUpstream) -> Iterator[Fleet]:
    workers = Fleet(tmp_path, env_for(pg_url, redis_url, bank))
    try:
        yield workers
    except BaseException:
        celery_procs.dump_logs(workers.procs)
        raise
    finally:
        workers.stop()


def posts_per_business_key(bank: FakeUpstream) -> Counter[str]:
    return Counter(
        r.headers.get("X-Tape-Business-Key", "")
        for r in bank.requests
        if (r.method, r.path) == ("POST", "/wires")
    )


def dispatch_with_kills(journal: Journal, fleet: Fleet, wires: Wires) -> None:
    """Kill a worker while the outbox is dispatching the first half, journal the second half,
    and kill again mid-way through it when it is still dispatching."""
    effects = wires.effects

    def claimed() -> int:
        return sum(1 for e in effects if status_of(journal, e).dispatch_attempts > 0)

    wait_until(
        lambda: claimed() >= N // 5,
        timeout=60,
        message=lambda: f"{N // 5} effects claimed (have {claimed()})",
    )
    fleet.kill()  # the second half is not journaled yet: there is work left, always
    wires.add_the_rest()
    wait_until(
        lambda: claimed() >= N * 3 // 4,
        timeout=60,
        message=lambda: f"{N * 3 // 4} effects claimed (have {claimed()})",
    )
    if claimed() < N:
        fleet.kill()


def status_of(journal: Journal, effect: EffectRecord) -> EffectRecord:
    got = journal.get_effect(run_id=effect.run_id, idempotency_key=effect.idempotency_key)
    assert got is not None
    return got


def quiet(journal: Journal, effects: list[EffectRecord]) -> list[EffectRecord] | None:
    """Every effect settled, or UNKNOWN and stuck with no claim left; None while not."""
    now = [status_of(journal, e) for e in effects]
    for e in now:
        settled = e.status in (EffectStatus.CONFIRMED, EffectStatus.FAILED)
        stuck = e.status == EffectStatus.UNKNOWN and e.stuck_at_ms > 0
        if not (settled or stuck) or e.dispatch_claimed_by:
            return None
    return now


def summary(journal: Journal, effects: list[EffectRecord]) -> str:
    counts = Counter(
        (e.status.name, e.stuck_at_ms > 0, bool(e.dispatch_claimed_by))
        for e in (status_of(journal, x) for x in effects)
    )
    return str(dict(counts))


def effect_transitions(journal: Journal, effects: list[EffectRecord]) -> Counter[str]:
    out: Counter[str] = Counter()
    for e in effects:
        for row in journal.read_journal(run_id=e.run_id, kind="effect", limit=1000):
            if "transition" in row.payload:
                out[row.payload["transition"]] += 1
    return out


def tape_resolve(pg_url: str, key: str, flag: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tape", "resolve", key, flag, "--note", "read the bank's books"],
        env=celery_procs.process_env({"TAPE_DATABASE_URL": pg_url, "TAPE_OPERATOR": "oncall"}),
        cwd=celery_procs.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


# ---- 1. no observer, no status check: stuck, for a human ------------------------------------


def test_lost_acks_without_an_observer_are_stuck_never_resent(
    tmp_path: Path, pg_url: str, pg_journal: Journal, bank: FakeUpstream, fleet: Fleet
) -> None:
    wires = Wires(pg_journal, bank, "wire_money")
    fleet.start()
    fleet.start()
    with celery_procs.celery_beat(tmp_path, fleet.env):
        dispatch_with_kills(pg_journal, fleet, wires)
        effects, lost = wires.effects, wires.lost
        by_key = {e.idempotency_key: e for e in effects}
        settled = wait_until(
            lambda: quiet(pg_journal, effects),
            timeout=90,
            message=lambda: f"every effect settled or stuck ({summary(pg_journal, effects)})",
        )

        # -- nobody could look, so nothing was sent twice and nothing was guessed
        posts = posts_per_business_key(bank)
        assert set(posts.values()) == {1}, posts.most_common(3)
        stuck = {e.idempotency_key for e in settled if e.status == EffectStatus.UNKNOWN}
        assert lost <= stuck, f"lost acks not stuck: {sorted(lost - stuck)[:5]}"
        for e in settled:
            run = pg_journal.get_run(run_id=e.run_id)
            if e.idempotency_key in stuck:
                assert e.stuck_at_ms > 0 and run.status == RunStatus.STUCK, (e, run)
            else:
                assert e.status == EffectStatus.CONFIRMED, e
                assert run.status == RunStatus.RUNNING
        transitions = effect_transitions(pg_journal, effects)
        assert transitions["observed-absent"] == 0 and transitions["redispatch-unobserved"] == 0
        assert transitions["observed-stuck"] >= len(stuck)
        assert "effect outcome cannot be known" in "".join(p.log() for p in fleet.procs)

        # -- an operator reads the bank's books and resolves each stuck effect
        resolved_by_cli = 0
        while stuck:
            for key in sorted(stuck):
                booked = bank.count(by_key[key].business_key)
                action = "confirm" if booked == 1 else "absent"
                assert booked in (0, 1)
                if resolved_by_cli < 3 and action == "confirm":
                    done = tape_resolve(pg_url, key, "--confirm")
                    assert done.returncode == 0, done.stderr
                    assert "CONFIRMED" in done.stdout and "oncall" in done.stdout
                    resolved_by_cli += 1
                else:  # what `tape resolve` calls, without a process per effect
                    pg_journal.resolve_effect(
                        run_id=by_key[key].run_id,
                        idempotency_key=key,
                        action=action,
                        operator="oncall",
                        note="read the bank's books",
                    )
            # An --absent one is sent again by the outbox (once), and may lose its ack again.
            settled = wait_until(
                lambda: quiet(pg_journal, effects),
                timeout=60,
                message=lambda: f"resolved effects settled ({summary(pg_journal, effects)})",
            )
            stuck = {e.idempotency_key for e in settled if e.status == EffectStatus.UNKNOWN}
        assert resolved_by_cli == 3
        time.sleep(2)  # a few more ticks of every pass change nothing
        assert quiet(pg_journal, effects) == settled

    # -- every wire booked once; every released run finished by its agent
    posts = posts_per_business_key(bank)
    assert len(posts) == N and set(posts.values()) == {1}, posts.most_common(3)
    assert all(bank.count(e.business_key) == 1 for e in effects)
    assert all(e.status == EffectStatus.CONFIRMED for e in settled)
    released = 0
    for e in effects:
        run = pg_journal.get_run(run_id=e.run_id)
        assert run.status in (RunStatus.RUNNING, RunStatus.RUNNABLE), run
        if run.status == RunStatus.RUNNABLE:
            released += 1
            rows = [r.payload for r in pg_journal.read_journal(run_id=e.run_id, kind="run")]
            assert rows[-1]["status"] == "runnable" and rows[-1]["operator"] == "oncall"
        assert pg_journal.end_run(run_id=e.run_id, status="terminal").status == RunStatus.TERMINAL
    assert released >= len(lost)


# ---- 2. a status check decides ---------------------------------------------------------------


def test_lost_acks_with_a_status_check_are_decided_by_it(
    tmp_path: Path, pg_url: str, pg_journal: Journal, bank: FakeUpstream, fleet: Fleet
) -> None:
    wires = Wires(pg_journal, bank, "wire_checked")
    fleet.start()
    fleet.start()
    with celery_procs.celery_beat(tmp_path, fleet.env):
        dispatch_with_kills(pg_journal, fleet, wires)
        effects, lost = wires.effects, wires.lost
        settled = wait_until(
            lambda: (
                done
                if (done := quiet(pg_journal, effects))
                and all(e.status == EffectStatus.CONFIRMED for e in done)
                else None
            ),
            timeout=90,
            message=lambda: f"every effect CONFIRMED ({summary(pg_journal, effects)})",
        )
        time.sleep(2)  # a few more ticks of every pass change nothing
        assert quiet(pg_journal, effects) == settled

    posts = posts_per_business_key(bank)
    assert len(posts) == N and set(posts.values()) == {1}, posts.most_common(3)
    assert all(bank.count(e.business_key) == 1 for e in effects)
    checked: dict[str, Any] = {}
    for e in effects:
        rows = [
            r.payload
            for r in pg_journal.read_journal(run_id=e.run_id, kind="effect")
            if r.payload.get("transition", "").startswith("observed-")
        ]
        checked[e.idempotency_key] = rows
        assert all(r["observed_by"] == "status_check" for r in rows), rows
        assert not [r for r in rows if r["transition"] == "observed-stuck"], rows
        assert pg_journal.get_run(run_id=e.run_id).status == RunStatus.RUNNING
    # Every lost ack was answered by the check: the bank had booked it. (An effect a killed
    # worker claimed but never sent is first observed absent, then sent once.)
    unanswered = {
        k: rows
        for k, rows in checked.items()
        if k in lost and rows[-1]["transition"] != "observed-confirmed"
    }
    assert not unanswered, unanswered
