"""``@tape.agent``: a function made a durable agent, driven by Celery workers.

``Agent.delay(**inputs)`` creates the run RUNNABLE in the journal (that is the durable part)
and sends the task ``tape.agents.<name>`` (queue ``tape.agents``); a lost message is harmless,
recovery finds RUNNABLE runs. The task drives one attempt (:meth:`Agent.drive`):

1. take the run's lease (``resume_run``; from the recovery owner when recovery re-drives);
2. call the agent with a :class:`~tape.agents.context.RunContext`, renewing the lease from a
   heartbeat thread every TTL/3; decisions and effects already journaled are replayed;
3. end the run TERMINAL with ``{"result": ...}``, or FAILED with the error the agent did not
   handle. A tool or gate that parks the run ends the attempt with the run WAITING.

An attempt that was fenced off (another owner took the lease over) stops writing and leaves
the run to its new owner. Duplicated task messages find the lease held or the epoch moved on.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import socket
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterable
from typing import Any, Concatenate, Generic, ParamSpec

from tape import agent_scopes, errors, queues, runtime, transport, validate
from tape.agents import children, context
from tape.agents import scopes as grants
from tape.agents.context import Budget, Diverged, Parked, RunContext
from tape.enums import RunStatus
from tape.journal import Journal
from tape.records import RunState

logger = logging.getLogger(__name__)

P = ParamSpec("P")
TASK_PREFIX = queues.AGENT_TASK_PREFIX
AGENTS_QUEUE = queues.AGENTS_QUEUE
#: Statuses :meth:`RunHandle.wait` stops at.
SETTLED = frozenset({RunStatus.TERMINAL, RunStatus.FAILED, RunStatus.STUCK, RunStatus.CANCELLED})

_agents: dict[str, Agent[Any]] = {}
_lock = threading.Lock()


def registered() -> dict[str, Agent[Any]]:
    """The agents declared in this process, by name."""
    return dict(_agents)


class RunHandle:
    """A started run: its ids, and a way to look at or wait for it.

    ``resumed`` is true when the run already existed (the same ``invocation_id`` was used
    before): no second run was created.
    """

    def __init__(self, run_id: str, invocation_id: str, *, resumed: bool = False) -> None:
        self.run_id = run_id
        self.invocation_id = invocation_id
        self.resumed = resumed

    def __repr__(self) -> str:
        return f"RunHandle(run_id={self.run_id!r})"

    def state(self, journal: Journal | None = None) -> RunState:
        """The run as stored now."""
        return (journal or runtime.journal()).get_run(run_id=self.run_id)

    def wait(self, timeout: float = 60.0, journal: Journal | None = None) -> RunState:
        """Poll until the run is TERMINAL, FAILED, STUCK or CANCELLED; return it.

        Raises:
            TimeoutError: it did not settle within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        interval = 0.05
        while True:
            run = self.state(journal)
            if run.status in SETTLED:
                return run
            if time.monotonic() >= deadline:
                raise TimeoutError(f"run {self.run_id} is still {run.status.name} after {timeout}s")
            time.sleep(interval)
            interval = min(interval * 1.5, 0.5)


class Agent(Generic[P]):
    """A durable agent (see :func:`agent`)."""

    def __init__(
        self,
        fn: Callable[..., Any],
        name: str,
        *,
        lease_ttl_ms: int | None,
        budget: Budget | None,
        policy_version: str = "",
        scopes: Iterable[str] = (),
        tools: Iterable[Any] = (),
        deadline: Any = None,
    ) -> None:
        self.fn = fn
        #: the run deadline in ms (0: none), armed at every start (tape/agents/children.py)
        self.deadline_ms = children.deadline_ms(deadline, "@tape.agent(deadline=)")
        self.name = name
        self.task_name = TASK_PREFIX + name
        self._lease_ttl_ms = lease_ttl_ms
        self.budget = budget
        self.policy_version = policy_version
        self.scopes = grants.grants(scopes, "@tape.agent(scopes=)")
        if isinstance(tools, str) or not isinstance(tools, Iterable):
            raise errors.InvalidArgument("@tape.agent(tools=) must be a list of tools")
        self.tools = tuple(tools)
        for tool in self.tools:
            if not grants.is_tool(tool):
                raise errors.InvalidArgument(
                    f"@tape.agent(tools=) holds {tool!r}, which is not a @tape.effect or "
                    "@tape.outbox_tool"
                )
        self.__doc__ = fn.__doc__
        self.__name__ = getattr(fn, "__name__", name)

    def __repr__(self) -> str:
        return f"Agent({self.name!r})"

    @property
    def lease_ttl_ms(self) -> int:
        """The run lease: the agent's own, else ``TAPE_RUN_LEASE_MS`` (60 s; 5 s under
        ``tape dev``), read when a run is driven."""
        if self._lease_ttl_ms is not None:
            return self._lease_ttl_ms
        return runtime.settings().run_lease_ms

    def __call__(self, ctx: RunContext, *args: P.args, **kwargs: P.kwargs) -> Any:
        return self.fn(ctx, *args, **kwargs)

    def required_scopes(self) -> dict[str, list[str]]:
        """The scopes this agent's tool set requires, each with the tools that require it
        (the tools in ``tools=`` and those the function names; :mod:`tape.agents.scopes`).
        Read at every start, so tools declared after the agent are seen."""
        return grants.needed(grants.tool_set(self.fn, self.tools))

    def delay(
        self,
        *,
        invocation_id: str | None = None,
        user_id: str = "",
        session_id: str = "",
        journal: Journal | None = None,
        scopes: Iterable[str] = (),
        deadline: Any = None,
        parent: Any = None,
        **inputs: Any,
    ) -> RunHandle:
        """Start a run of this agent with ``inputs`` (JSON) on a worker; returns at once.

        The same ``invocation_id`` (and user/session) names the same run: calling again
        re-sends the task for it and never creates a second run. ``scopes`` are authorization
        scopes granted to this run, on top of the agent's ``@tape.agent(scopes=...)``; a tool
        declared with ``scope=`` can only be called by a run granted it. Every scope the
        agent's tool set requires must be granted, or nothing is started.

        The journaled run is the commitment, the task message only a hint: if the broker
        cannot take the message, the handle is still returned and a
        :class:`~tape.errors.DispatchDeferred` warning says the run starts when recovery
        finds it (workers and beat up again). Retry with the same ``invocation_id`` to get
        the same run back, never a second one.

        ``deadline`` (seconds, ``"15m"``, a timedelta; default the agent's ``deadline=``):
        when it passes and the run is still going, the run is cancelled and compensated
        (:mod:`tape.reactors.deadlines`). ``parent`` (a run id or a handle) makes the run a
        child of that run (docs/composing.md).

        Raises:
            AgentArgumentsError: ``inputs`` do not fit the agent's signature (nothing journaled).
            ScopeDenied: a scope the agent's tools require is not granted (nothing journaled;
                the message says how to grant it).
        """
        self.bind(inputs)
        granted = sorted(set(self.scopes) | set(grants.grants(scopes, "scopes=")))
        lacking = grants.missing(self.required_scopes(), granted)
        if lacking:
            raise errors.ScopeDenied(grants.denial(self.name, lacking, granted))
        invocation_id = invocation_id or uuid.uuid4().hex
        journal = journal or runtime.journal()
        # Composed runs (docs/composing.md): the deadline and the parent link, checked before
        # anything is journaled, written right after the run (tape/agents/children.py).
        composed = children.Composition.of(self, deadline=deadline, parent=parent, journal=journal)
        begun = journal.create_run(
            app_name=self.name,
            user_id=user_id,
            session_id=session_id,
            invocation_id=invocation_id,
            input_json=inputs,
            scopes=granted,
            labels={"policy_version": self.policy_version} if self.policy_version else None,
        )
        composed.attach(journal, begun.run)
        if begun.status in (RunStatus.RUNNABLE, RunStatus.RUNNING):
            _send_or_defer(self.task_name, begun.run_id)
        return RunHandle(begun.run_id, invocation_id, resumed=begun.resumed)

    def bind(self, inputs: dict[str, Any]) -> None:
        """Check ``inputs`` against the agent's signature (after its ``ctx``).

        Raises:
            AgentArgumentsError: a misspelt, missing or extra argument.
        """
        try:
            signature = inspect.signature(self.fn)
        except (TypeError, ValueError):  # a callable without a signature: nothing to check
            return
        parameters = list(signature.parameters.values())[1:]  # after ctx
        expected = ", ".join(p.name for p in parameters) or "no arguments"
        takes_any = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters)
        unknown = [] if takes_any else sorted(set(inputs) - {p.name for p in parameters})
        try:
            if unknown:
                raise TypeError(f"no argument named {', '.join(map(repr, unknown))}")
            signature.bind(None, **inputs)
        except TypeError as exc:
            raise errors.AgentArgumentsError(
                f"agent {self.name!r}: {exc} (it takes: {expected}); nothing was journaled"
            ) from None

    def drive(
        self,
        run_id: str,
        *,
        journal: Journal | None = None,
        lease_epoch: int | None = None,
        takeover_from: str = "",
    ) -> RunState:
        """Drive one attempt at the run in this process (what the Celery task does).

        Returns the run after the attempt: TERMINAL or FAILED when the agent finished, WAITING
        when it parked, or as its new owner left it when this attempt was fenced off.

        Raises:
            LeaseHeld, StaleLease: the lease could not be taken (another attempt has it).
            IllegalTransition: the run is over. RunNotFound.
        """
        journal = journal or runtime.journal()
        owner = f"agent:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        run = journal.resume_run(
            run_id=run_id,
            lease_owner=owner,
            lease_ttl_ms=self.lease_ttl_ms,
            lease_epoch=lease_epoch,
            takeover_from=takeover_from,
        )
        recorded = run.labels.get("policy_version", "")
        if not recorded and self.policy_version:
            # A run created without a version (create_run, older code) takes this attempt's.
            run = journal.stamp_run_version(
                run_id=run_id, version=self.policy_version, lease_epoch=run.lease_epoch
            )
        elif recorded and self.policy_version and recorded != self.policy_version:
            logger.info(
                "agent %s at version %s drives run %s, started under version %s (it keeps "
                "it: branch with tape.policy_is)",
                self.name,
                self.policy_version,
                run_id,
                recorded,
                extra={"action": "drive-older-version", "run_id": run_id},
            )
        ctx = RunContext(
            journal,
            run_id,
            run.lease_epoch,
            owner,
            lease_ttl_ms=self.lease_ttl_ms,
            policy_version=run.labels.get("policy_version", ""),
        )
        logger.info(
            "agent %s driving run %s (epoch %d)",
            self.name,
            run_id,
            run.lease_epoch,
            extra={"action": "drive", "run_id": run_id, "lease_owner": owner},
        )
        lacking = grants.missing(self.required_scopes(), run.scopes)
        if lacking:
            # A run created without .delay() (create_run, CreateRun over tape://) that lacks a
            # scope its tools require: it ends here, before the agent makes any effect.
            return self._refuse(ctx, lacking, run.scopes)
        if self.budget is not None:
            ctx.set_budget(self.budget.usd_cap, self.budget.token_cap)
        stop = threading.Event()
        beat = threading.Thread(target=_heartbeat, args=(ctx, self.lease_ttl_ms, stop), daemon=True)
        token = context.activate(ctx)
        beat.start()
        try:
            return self._attempt(ctx, run.input or {})
        finally:
            stop.set()
            context.deactivate(token)
            beat.join(timeout=5)

    def _attempt(self, ctx: RunContext, inputs: dict[str, Any]) -> RunState:
        journal = ctx.journal
        try:
            result = self.fn(ctx, **inputs)
        except (Parked, Diverged):  # WAITING on a gate; STUCK on a divergence
            return journal.get_run(run_id=ctx.run_id)
        except (errors.LeaseError, errors.IllegalTransition) as exc:
            if _still_ours(ctx):
                return self._end(ctx, RunStatus.FAILED, {"error": _error(exc)})
            return self._fenced(ctx, exc)
        except Exception as exc:
            if _journal_lost(exc):
                # The journal's connection died under this attempt (a terminated backend, a
                # database restart, a tape server gone): that is this process's failure, not
                # the run's. The attempt ends as a crash would: the run keeps its lease until
                # it lapses and recovery re-drives it, replaying what was recorded.
                logger.warning(
                    "agent %s attempt at run %s lost its journal connection (%s); recovery "
                    "re-drives the run once its lease lapses",
                    self.name,
                    ctx.run_id,
                    type(exc).__name__,
                    extra={"action": "journal-lost", "run_id": ctx.run_id},
                )
                raise
            logger.warning(
                "agent %s failed: %s",
                self.name,
                type(exc).__name__,
                exc_info=True,
                extra={"action": "agent-failed", "run_id": ctx.run_id},
            )
            return self._end(ctx, RunStatus.FAILED, {"error": _error(exc)})
        try:
            return self._end(ctx, RunStatus.TERMINAL, {"result": result})
        except errors.InvalidPayload as exc:
            return self._end(ctx, RunStatus.FAILED, {"error": _error(exc)})

    def _refuse(
        self, ctx: RunContext, lacking: dict[str, list[str]], granted: list[str]
    ) -> RunState:
        message = grants.denial(self.name, lacking, granted)
        logger.warning(
            "agent %s run %s refused before its first effect: scope not granted",
            self.name,
            ctx.run_id,
            extra={"action": "scope-denied", "run_id": ctx.run_id},
        )
        detail = {
            "error": {"type": errors.ScopeDenied.__name__, "message": message},
            "violation": "scope_not_granted",
            "required_scopes": lacking,
            "granted_scopes": sorted(granted),
        }
        return self._end(ctx, RunStatus.FAILED, detail)

    def _end(self, ctx: RunContext, status: RunStatus, detail: dict[str, Any]) -> RunState:
        with ctx.lease_lock:
            ctx.lease_active = False
            try:
                return ctx.journal.end_run(
                    run_id=ctx.run_id,
                    status=status,
                    detail_json=detail,
                    lease_epoch=ctx.lease_epoch,
                )
            except (errors.LeaseError, errors.IllegalTransition) as exc:
                return self._fenced(ctx, exc)

    def _fenced(self, ctx: RunContext, exc: BaseException) -> RunState:
        logger.warning(
            "agent %s attempt at run %s was fenced off (%s); leaving the run to its owner",
            self.name,
            ctx.run_id,
            type(exc).__name__,
            extra={"action": "fenced", "run_id": ctx.run_id, "lease_owner": ctx.lease_owner},
        )
        return ctx.journal.get_run(run_id=ctx.run_id)

    def run_task(self, run_id: str, lease_epoch: int | None = None, takeover_from: str = "") -> str:
        """The Celery task body: drive one attempt; a lease taken elsewhere or a run that is
        over means this message is a duplicate, and is dropped."""
        try:
            return self.drive(
                run_id, lease_epoch=lease_epoch, takeover_from=takeover_from
            ).status.name
        except (errors.LeaseError, errors.IllegalTransition, errors.RunNotFound) as exc:
            logger.info(
                "agent task for run %s dropped: %s: %s",
                run_id,
                type(exc).__name__,
                exc,
                extra={"action": "drive-dropped", "run_id": run_id},
            )
            return "dropped"


def _journal_lost(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is the journal's connection dying: a tape server
    that cannot be reached, or a database connection SQLAlchemy found broken."""
    sa_exc = sys.modules.get("sqlalchemy.exc")  # loaded whenever one of its errors exists
    seen: BaseException | None = exc
    for _ in range(16):  # a bounded walk down the chain of causes
        if seen is None:
            break
        if isinstance(seen, errors.ServerUnavailable):
            return True
        if sa_exc is not None and isinstance(seen, sa_exc.DBAPIError):
            return bool(seen.connection_invalidated)
        seen = seen.__cause__ or seen.__context__
    return False


def _still_ours(ctx: RunContext) -> bool:
    run = ctx.journal.get_run(run_id=ctx.run_id)
    return (
        run.status == RunStatus.RUNNING
        and run.lease_owner == ctx.lease_owner
        and run.lease_epoch == ctx.lease_epoch
    )


def _error(exc: BaseException) -> dict[str, str]:
    return {"type": type(exc).__name__, "message": str(exc)}


def _heartbeat(ctx: RunContext, ttl_ms: int, stop: threading.Event) -> None:
    """Renew the attempt's lease every TTL/3 until the attempt ends or loses the lease."""
    while not stop.wait(ttl_ms / 3000):
        with ctx.lease_lock:
            if not ctx.lease_active:
                return
            try:
                ctx.journal.resume_run(
                    run_id=ctx.run_id,
                    lease_owner=ctx.lease_owner,
                    lease_ttl_ms=ttl_ms,
                    lease_epoch=ctx.lease_epoch,
                )
            except errors.TapeError as exc:
                # Fenced off or over: the attempt's next write will find out and stop.
                ctx.lease_active = False
                logger.warning(
                    "lease on run %s lost: %s",
                    ctx.run_id,
                    type(exc).__name__,
                    extra={"action": "heartbeat-lost", "run_id": ctx.run_id},
                )
                return
            except Exception:
                logger.warning("heartbeat failed; retrying", exc_info=True)


def _send_or_defer(task_name: str, run_id: str) -> None:
    """Send the run's first task; a broker that cannot take it only delays the run."""
    try:
        send(task_name, run_id, None, "")
    except Exception as exc:  # kombu OperationalError, a refused connection, a broker timeout
        reason = type(exc).__name__
        logger.warning(
            "run %s is journaled but its task could not be sent (%s); recovery starts it "
            "once the broker is back",
            run_id,
            reason,
            extra={"action": "dispatch-deferred", "run_id": run_id},
        )
        warnings.warn(
            f"run {run_id} is journaled RUNNABLE, but the broker did not take its task "
            f"({reason}): it starts when recovery finds it (workers and beat running, broker "
            "back). Retry .delay() with the same invocation_id to get this run, not a new one.",
            errors.DispatchDeferred,
            stacklevel=3,
        )


def send(task_name: str, run_id: str, lease_epoch: int | None, takeover_from: str) -> None:
    """Send an agent's task (``tape.agents.<name>``) through the transport
    (:mod:`tape.transport`)."""
    agent_name = task_name.removeprefix(TASK_PREFIX)
    transport.current().send_run(agent_name, run_id, lease_epoch, takeover_from)


def register_tasks(target: transport.Transport) -> None:
    """Register every declared agent's task with ``target`` (the composition root calls this
    for the worker's transport; agents declared later register with the installed one)."""
    for declared in registered().values():
        target.register_agent(declared.name, declared.run_task)


def _register_now(declared: Agent[Any]) -> None:
    # The worker's transport is installed before TAPE_IMPORTS modules declare agents; a
    # process that installs one later registers them then (register_tasks).
    installed = transport.installed()
    if installed is not None:
        installed.register_agent(declared.name, declared.run_task)


def agent(
    name: str | None = None,
    *,
    lease_ttl_ms: int | None = None,
    budget: Budget | None = None,
    version: str = "",
    policy_version: str = "",
    scopes: Iterable[str] = (),
    tools: Iterable[Any] = (),
    deadline: Any = None,
) -> Callable[[Callable[Concatenate[RunContext, P], Any]], Agent[P]]:
    """Make ``fn(ctx: RunContext, **inputs) -> JSON`` a durable agent.

    Args:
        name: the agent's name (the run's ``app_name``, the task ``tape.agents.<name>``);
            defaults to the function's name.
        lease_ttl_ms: the run lease; a crashed worker's run is re-driven after it expires.
            Default: ``TAPE_RUN_LEASE_MS`` (60 s; ``tape dev`` sets 5 s).
        budget: caps set on every run of this agent, admitted before each model call.
        version: the agent's version, recorded on every run it starts or first drives (its
            ``policy_version`` label) and on its decisions. A run keeps the version it
            started under on every re-drive, so ``tape.policy_is(...)`` branches the same
            way on every replay. Default: :func:`code_version`, a digest of the agent's code
            and of the tools it names (``""`` when its source cannot be read).
        policy_version: the same as ``version`` (its older name).
        scopes: authorization scopes granted to every run of this agent (merged with
            ``.delay(scopes=...)`` / ``tape run --scope``).
        tools: tools this agent calls that its function does not name itself (reached
            through a helper, or given to an agent framework), so the scopes they require
            are checked before the run starts, as those of the tools it names are.
        deadline: how long every run of this agent may take (seconds, ``"15m"``, a
            timedelta): a durable timer that, if the run is still going when it fires,
            cancels it and compensates what it owes (``reason: "deadline"``). A per-call
            ``.delay(deadline=...)`` replaces it.

    Returns:
        A decorator producing an :class:`Agent` (``.delay(**inputs)``, ``.drive(run_id)``).

    Raises:
        InvalidArgument: ``version`` and ``policy_version`` both given and different, or not
            strings.
    """
    given = validate.optional(version, "version")
    older = validate.optional(policy_version, "policy_version")
    if given and older and given != older:
        raise errors.InvalidArgument(
            f"version={given!r} and policy_version={older!r} name one thing: give one"
        )

    def decorate(fn: Callable[Concatenate[RunContext, P], Any]) -> Agent[P]:
        declared: Agent[P] = Agent(
            fn,
            name or fn.__name__,
            lease_ttl_ms=lease_ttl_ms,
            budget=budget,
            policy_version=given or older or code_version(fn),
            scopes=scopes,
            tools=tools,
            deadline=deadline,
        )
        with _lock:
            _agents[declared.name] = declared
        agent_scopes.declare(declared.name, tuple(declared.scopes))
        _register_now(declared)
        return declared

    return decorate


def code_version(fn: Callable[..., Any]) -> str:
    """``code-<12 hex>``: a digest of ``fn``'s source and of the tape tools it names (their
    names, declarations and sources), the default version of an agent; ``""`` when the
    source cannot be read (a REPL, a built-in). The same in every process that runs the same
    code; code that only differs in values it closes over gets the same digest."""
    try:
        parts = [inspect.getsource(fn)]
    except (OSError, TypeError):
        return ""
    code = getattr(fn, "__code__", None)
    names: set[str] = set()
    stack = [code] if code is not None else []
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        names.update(current.co_freevars)
        stack.extend(c for c in current.co_consts if inspect.iscode(c))
    scope = dict(getattr(fn, "__globals__", {}))
    for cell_name, cell in zip(
        getattr(code, "co_freevars", ()), getattr(fn, "__closure__", None) or (), strict=False
    ):
        try:
            scope[cell_name] = cell.cell_contents
        except ValueError:  # an empty cell
            continue
    for used in sorted(names):
        tool = scope.get(used)
        declared = getattr(tool, "_tape_effect", None) or getattr(tool, "_tape_outbox", None)
        if not isinstance(declared, dict):
            continue
        shown = {k: v for k, v in sorted(declared.items()) if not callable(v)}
        try:
            source = inspect.getsource(tool.fn)  # type: ignore[union-attr]
        except (OSError, TypeError, AttributeError):
            source = ""
        parts.append(f"{used}:{shown!r}:{source}")
    return "code-" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def redrive(journal: Journal, run: RunState, owner: str) -> None:
    """Recovery's re-drive: send the run's agent task, to take the lease over from ``owner``."""
    send(TASK_PREFIX + run.app_name, run.run_id, run.lease_epoch, owner)
