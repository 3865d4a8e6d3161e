"""Beside the outbox effects, under the same faults: every other surface of tape.

- **Agent runs** through the soak's ``celery -A tape worker`` processes (:mod:`soak.agents`):
  ``max(24, N/20)`` runs of a tape-native, a Pydantic AI and a LangGraph agent, each with a
  gate that this module answers with ``tape signal`` (the CLI, as a subprocess; a quarter of
  the runs are answered before they reach the gate), an inline effect, a NON_IDEMPOTENT wire
  through the faulty bank (faults dealt by business key, never a refusal), and, for every
  fourth run, a refusal after the wire that undoes the run (the saga in the worker, or the
  compensation pass).
- **The event bus**: a TASK reaction on every confirmed effect, whose handler notes each row.
- **tape://**: a ``tape server`` process (SIGKILLed by the chaos, restarted on the same port by
  the supervisor) and ``python -m tape.reactors.outbox --url tape://...`` draining the
  connector ``soak.remote`` (:mod:`soak.remote`) for ``max(30, N/20)`` NON_IDEMPOTENT effects
  that this module enqueues through the server.

:meth:`Surfaces.check` is the verdict on all of it (see its docstring).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

import tape
from soak import services, surface_verdict
from soak.agents import AGENTS, GATE
from soak.upstream import REMOTE_CONNECTOR, FaultPlan
from tape.enums import DispatchMode, RunStatus, TaskStatus
from tape.journal import Journal
from tape.store import tables
from tape.testing import FakeUpstream
from tests.support.celery_procs import CeleryProc

REMOTE_TOOL, REACTION = surface_verdict.REMOTE_TOOL, surface_verdict.REACTION
SETTLED = {RunStatus.TERMINAL, RunStatus.FAILED, RunStatus.STUCK, RunStatus.CANCELLED}
DAY_MS = 24 * 3600 * 1000


def env(workdir: Path) -> dict[str, str]:
    """What the workers and beat need on top of the soak's own settings."""
    counts = workdir / "counts"
    counts.mkdir(exist_ok=True)
    return {
        "TAPE_IMPORTS": "soak.connector,soak.agents",
        "SOAK_COUNT_DIR": str(counts),
        "SOAK_AGENT_LEASE_MS": "10000",
        "TAPE_RECOVERY_INTERVAL": "1",
        "TAPE_COMPENSATION_INTERVAL": "1",
        "TAPE_REACTIONS_INTERVAL": "1",
        "TAPE_REACTOR_LEASE_MS": "15000",
        "TAPE_TASK_LEASE_MS": "10000",
    }


@dataclass
class AgentRun:
    run_id: str
    agent: str
    business_key: str
    refuse: bool
    early: bool  # answered before it reaches the gate
    signalled: bool = False


@dataclass
class Surfaces:
    effects: int
    workdir: Path
    db_url: str
    journal: Journal
    upstream: FakeUpstream
    plan: FaultPlan
    seed: int
    http_timeout: float
    runs: list[AgentRun] = field(default_factory=list)
    remote_keys: list[str] = field(default_factory=list)
    signals: Counter[str] = field(default_factory=Counter)
    server: CeleryProc | None = None
    dispatcher: CeleryProc | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    @property
    def procs(self) -> list[CeleryProc]:
        return [p for p in (self.server, self.dispatcher) if p is not None]

    @property
    def server_url(self) -> str:
        assert self.server is not None
        return f"tape://{self.server.args[self.server.args.index('--listen') + 1]}"

    # ---- starting -----------------------------------------------------------------------

    def start_remote(self) -> None:
        """``tape server`` on a port of its own, and the dispatcher that drains through it."""
        base = {k: v for k, v in os.environ.items() if k not in ("TAPE_DATABASE_URL", "TAPE_URL")}
        base["TAPE_IMPORTS"] = ""  # neither needs the workers' agents
        listen = f"127.0.0.1:{services.free_port()}"
        py = sys.executable
        self.server = CeleryProc(
            "tape-server",
            "tape-server",
            [py, "-m", "tape", "server", "--listen", listen, "--database-url", self.db_url],
            self.workdir / "tape-server.log",
            base,
        ).start()
        self.dispatcher = CeleryProc(
            "dispatcher",
            "dispatcher",
            [
                py,
                "-m",
                "tape.reactors.outbox",
                *("--url", f"tape://{listen}", "--connector", REMOTE_CONNECTOR),
                *("--load", "soak.remote", "--interval", "300", "--limit", "50"),
            ],
            self.workdir / "dispatcher.log",
            base,
        ).start()
        atexit.register(self.stop_remote)  # whatever ends the soak, neither outlives it

    def stop_remote(self) -> None:
        for proc in self.procs:
            proc.stop()

    def kill_server(self, rng: random.Random) -> bool:
        """The chaos's ``kill-server``: SIGKILL ``tape server`` (the supervisor restarts it)."""
        if self.server is None or not self.server.alive():
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.server.pid, signal.SIGKILL)
        return True

    def launch(self) -> None:
        """Start the agent runs and the remote effects, and the thread that answers gates."""
        self._launch_agents()
        thread = threading.Thread(target=self._enqueue_remote, name="soak-remote", daemon=True)
        thread.start()
        self._threads.append(thread)
        thread = threading.Thread(target=self._answer_gates, name="soak-signal", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _launch_agents(self) -> None:
        from tape import transport

        rng = random.Random(self.seed + 1)
        session = uuid.uuid4().hex[:8]
        for i in range(max(24, self.effects // 20)):
            agent = AGENTS[i % len(AGENTS)]
            account, reference = f"agent-acc-{i % 13}", f"INV-{session}-{i}"
            business_key = f"{account}:{reference}"
            self.plan.deal([business_key], refusals=False)
            inputs = {
                "account": account,
                "amount": 100 + i,
                "reference": reference,
                "refuse": i % 4 == 3,
                "undo": "saga" if i % 8 == 3 else "pass",
            }
            begun = _retry(
                lambda agent=agent, i=i, inputs=inputs: self.journal.create_run(
                    app_name=agent, invocation_id=f"soak-{session}-{i}", input_json=inputs
                )
            )
            self.runs.append(
                AgentRun(begun.run_id, agent, business_key, i % 4 == 3, rng.random() < 0.25)
            )
            # A lost message is no loss: recovery starts a RUNNABLE run nobody drives.
            with contextlib.suppress(Exception):
                transport.current().send_run(agent, begun.run_id, None, "")

    def _enqueue_remote(self) -> None:
        remote = _retry(lambda: tape.connect(self.server_url))
        run = _retry(
            lambda: remote.begin_run(
                app_name="soak-remote",
                user_id="soak",
                session_id=uuid.uuid4().hex[:8],
                invocation_id="remote",
                lease_owner="soak-harness",
                lease_ttl_ms=DAY_MS,
            )
        )
        total = max(30, self.effects // 20)
        for start in range(0, total, 10):
            if self._stop.is_set():
                break
            specs = []
            for i in range(start, min(total, start + 10)):
                key = f"remote-{run.run_id[:8]}-{i}"
                self.plan.deal([key], refusals=False)
                specs.append(
                    {
                        "run_id": run.run_id,
                        "decision_index": 0,
                        "tool_name": REMOTE_TOOL,
                        "call_index": i,
                        "semantics": "NON_IDEMPOTENT",
                        "connector": REMOTE_CONNECTOR,
                        "business_key": key,
                        "dispatch_mode": DispatchMode.OUTBOX,
                        "request_json": {"account": f"remote-{i % 7}", "amount": 10 + i},
                        "dispatch_timeout_ms": int(self.http_timeout * 1000),
                    }
                )
            _retry(lambda specs=specs: remote.begin_effects(specs))
            self.remote_keys += [s["business_key"] for s in specs]
            time.sleep(0.5)
        remote.close()

    def _answer_gates(self) -> None:
        """``tape signal RUN soak-approval`` for each run: at once for the early ones, else
        once the run waits at the gate; two at a time."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            while not self._stop.is_set():
                waiting = self._waiting()
                due = [r for r in self.runs if not r.signalled and (r.early or r.run_id in waiting)]
                if all(r.signalled for r in self.runs):
                    return
                list(pool.map(self._signal, due))
                self._stop.wait(0.5)

    def _waiting(self) -> set[str]:
        """The soak's runs that wait at the gate now (one query)."""
        r = tables.runs.c
        try:
            with self.journal.database.read() as conn:
                return set(
                    conn.execute(
                        select(r.run_id).where(
                            r.app_name.in_(AGENTS),
                            r.status == RunStatus.WAITING,
                            r.waiting_on_gate == GATE,
                        )
                    ).scalars()
                )
        except Exception:  # the database restarting: ask again next time
            return set()

    def _signal(self, run: AgentRun) -> None:
        out = subprocess.run(
            [sys.executable, "-m", "tape", "signal", run.run_id, GATE, *self._answer],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if out.returncode == 0:
            run.signalled = True
            self.signals["delivered"] += 1
        elif "already answered" in out.stderr:  # an earlier call's answer got through
            run.signalled = True
            self.signals["already answered"] += 1
        else:
            self.signals["failed, sent again"] += 1

    @property
    def _answer(self) -> list[str]:
        return ["--resolution", '{"approved": true}', "--database-url", self.db_url]

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)

    # ---- settling -----------------------------------------------------------------------

    def check(self) -> tuple[str, list[str]]:
        """The verdict on all of it: :func:`soak.surface_verdict.check`."""
        return surface_verdict.check(self)

    def settled(self) -> tuple[bool, str]:
        """Whether every run, remote effect and reaction task is done; else what is not."""
        with self.journal.database.read() as conn:
            statuses = Counter(
                RunStatus(s).name
                for s in conn.execute(
                    select(tables.runs.c.status).where(tables.runs.c.app_name.in_(AGENTS))
                ).scalars()
            )
            remote = surface_verdict.effect_counts(conn, REMOTE_TOOL)
            tasks = Counter(
                TaskStatus(s).name
                for s in conn.execute(
                    select(tables.tasks.c.status).where(tables.tasks.c.reaction_id == REACTION)
                ).scalars()
            )
            rows = len(surface_verdict.confirmed_rows(conn))
        runs_done = sum(statuses[s.name] for s in SETTLED) == len(self.runs)
        remote_done = sum(remote.values()) == len(self.remote_keys) and not (
            remote["PENDING"] or remote["UNKNOWN (not stuck)"]
        )
        tasks_done = tasks["DONE"] + tasks["DLQ"] == rows == sum(tasks.values())
        gates_done = all(r.signalled for r in self.runs)
        done = runs_done and remote_done and tasks_done and gates_done
        return done, f"runs {dict(statuses)}, remote {dict(remote)}, tasks {dict(tasks)}/{rows}"

    def mostly_settled(self) -> bool:
        """Three in four agent runs over and remote wires settled (the faults may stop)."""
        try:
            with self.journal.database.read() as conn:
                r = tables.runs.c
                over = conn.execute(
                    select(func.count()).where(r.app_name.in_(AGENTS), r.status.in_(SETTLED))
                ).scalar_one()
                remote = surface_verdict.effect_counts(conn, REMOTE_TOOL)
        except Exception:
            return False
        sent = remote["CONFIRMED"] + remote["FAILED"]
        return over >= 0.75 * len(self.runs) and sent >= 0.75 * max(1, len(self.remote_keys))

    def wait_settled(self, timeout_s: float, tick: Any) -> bool:
        deadline = time.monotonic() + timeout_s
        last = 0.0
        while time.monotonic() < deadline:
            tick()
            try:
                done, what = self.settled()
            except Exception:
                time.sleep(1.0)
                continue
            if done:
                return True
            if time.monotonic() - last > 10:
                print(f"soak: surfaces settling: {what}", file=sys.stderr, flush=True)
                last = time.monotonic()
            time.sleep(1.0)
        return False


def _retry(fn: Any, timeout: float = 180.0) -> Any:
    """Call ``fn`` until it works: the harness's connections die in the chaos too."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fn()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
