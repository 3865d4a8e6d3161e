"""What a CEL predicate may cost per row: measured at registration, metered by the matcher.

A predicate runs on every journal row its reaction's pattern takes, inside the matcher, and
one evaluation cannot be interrupted (the binding holds the GIL while it runs). So:

- **At registration** (``tape.on``, ``register_reaction``, ``subscribe``, ``tape tail``) the
  predicate runs on sample envelopes: a confirmed effect, a value write, a run row, and
  envelopes whose every ``payload.a.b`` the predicate names holds a list of
  :data:`SAMPLE_ITEMS` maps, a list of as many numbers, or a :data:`SAMPLE_TEXT_CHARS`-character
  string. Costing more than the per-row budget on any of them refuses it
  (:class:`~tape.errors.InvalidPredicate`, naming the cost).
- **In the matcher** (:class:`Meter`) every evaluation is timed. A row is *slow* when it costs
  more than the per-row budget plus :data:`PAYLOAD_ALLOWANCE_MS_PER_MIB` per MiB of the row's
  payload (converting a large payload is the row's cost, not the predicate's). A reaction with
  ``TAPE_PREDICATE_SLOW_ROWS`` slow rows in one batch, or whose predicate spends more than the
  batch budget (plus the same allowance per row) over one batch, is **paused**: the batch is
  not applied for it (its cursor stays), an ERROR line and a ``/tape/reaction/paused/<id>``
  journal row say why, and the matcher skips it until an operator resumes it
  (``tape reactions resume <id>``) or it is registered again with another predicate. Every
  other reaction keeps matching.

Costs are CPU time of the evaluating thread (``time.thread_time``): load from other processes
does not make a predicate look slow.

==================================  ==========================================  ==========
variable                            meaning                                     default
==================================  ==========================================  ==========
``TAPE_PREDICATE_BUDGET_MS``        CPU ms one evaluation may take on one row   ``10``
``TAPE_PREDICATE_SLOW_ROWS``        slow rows in one matcher batch that pause   ``3``
                                    the reaction
``TAPE_PREDICATE_BATCH_BUDGET_MS``  CPU ms a reaction's predicate may take over ``1000``
                                    one matcher batch (up to 512 rows)
==================================  ==========================================  ==========

A typical predicate costs 5-50 µs per row, so the defaults leave it two orders of magnitude.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tape import errors
from tape.events import predicates, prescan
from tape.records import JournalEntry

logger = logging.getLogger(__name__)

#: Items in each list of the sample envelopes (a loop over the payload has this many steps).
SAMPLE_ITEMS = 256
#: Characters of the sample envelopes' strings.
SAMPLE_TEXT_CHARS = 4096
#: Extra per-row allowance for each MiB of the row's payload: handing a 1 MiB payload to the
#: binding costs 10-20 ms per use of ``payload`` (measured with 0.10).
PAYLOAD_ALLOWANCE_MS_PER_MIB = 200.0
#: Payload bytes of the rows whose converted envelopes a matcher batch keeps for its other
#: reactions (a row past it is converted again for each).
ENVELOPE_CACHE_BYTES = 16 * 1024 * 1024

#: Defaults of ``TAPE_PREDICATE_BUDGET_MS``, ``TAPE_PREDICATE_SLOW_ROWS`` and
#: ``TAPE_PREDICATE_BATCH_BUDGET_MS``.
DEFAULT_ROW_MS = 10.0
DEFAULT_SLOW_ROWS = 3
DEFAULT_BATCH_MS = 1000.0

_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Budget:
    """The predicate budget (``TAPE_PREDICATE_*``, see the module docstring)."""

    row_ms: float = DEFAULT_ROW_MS
    slow_rows: int = DEFAULT_SLOW_ROWS
    batch_ms: float = DEFAULT_BATCH_MS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Budget:
        """Read the ``TAPE_PREDICATE_*`` variables.

        Raises:
            ConfigurationError: a value that is not a positive number, naming the variable.
        """
        env = os.environ if environ is None else environ
        return cls(
            row_ms=_positive(env, "TAPE_PREDICATE_BUDGET_MS", DEFAULT_ROW_MS),
            slow_rows=int(
                _positive(env, "TAPE_PREDICATE_SLOW_ROWS", DEFAULT_SLOW_ROWS, whole=True)
            ),
            batch_ms=_positive(env, "TAPE_PREDICATE_BATCH_BUDGET_MS", DEFAULT_BATCH_MS),
        )


def _positive(env: Mapping[str, str], name: str, default: float, *, whole: bool = False) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = 0
    if not value > 0 or value == float("inf"):
        kind = "a whole number" if whole else "a number"
        raise errors.ConfigurationError(f"{name} must be {kind} > 0, not {raw!r}")
    return value


# -- registration: cost on sample envelopes ---------------------------------------------------


def validate(source: str) -> str:
    """``source`` if it is empty, or compiles and evaluates within the per-row budget on the
    sample envelopes (:func:`check`).

    Raises:
        InvalidPredicate: it does not compile, is over a limit, or costs more than the budget.
    """
    if not isinstance(source, str):
        raise errors.InvalidPredicate("predicate must be a string of CEL")
    if source.strip():
        check(source)
    return source


def check(source: str, budget: Budget | None = None) -> None:
    """Refuse ``source`` if it does not compile or overruns the per-row budget on the samples.

    Raises:
        InvalidPredicate: naming the cost and the budget.
    """
    limit = (budget or Budget.from_env()).row_ms
    cost = sample_cost_ms(source, limit)
    if cost > limit:
        raise errors.InvalidPredicate(
            f"predicate refused: it costs {cost:.1f} ms of CPU per row on sample envelopes; "
            f"the budget is {limit:g} ms per row (TAPE_PREDICATE_BUDGET_MS)"
        )


@functools.lru_cache(maxsize=256)
def sample_cost_ms(source: str, limit_ms: float) -> float:
    """The most ``source`` costs on one sample envelope (CPU ms); it stops at the first sample
    that costs more than ``limit_ms`` twice in a row (a first run may pay one-time costs)."""
    program = predicates.compile_predicate(source)
    cel = predicates.import_cel()
    worst = 0.0
    for sample in samples(prescan.scan(source)):
        try:
            context = cel.Context(sample)
        except Exception:  # a sample the binding cannot take: nothing to measure
            continue
        cost = _timed(program, context)
        if cost > limit_ms:
            cost = min(cost, _timed(program, context))
        worst = max(worst, cost)
        if worst > limit_ms:
            break
    return worst


def _timed(program: Any, context: Any) -> float:
    start = time.thread_time()
    # An evaluation error on a sample is no match, not a refusal.
    with contextlib.suppress(errors.InvalidPredicate):
        predicates.execute(program, context)
    return (time.thread_time() - start) * 1000


def samples(shape: prescan.Shape) -> list[dict[str, Any]]:
    """The sample envelopes for a predicate of ``shape`` (see the module docstring)."""
    effect = {"tool": "wire", "transition": "completed", "status": "confirmed", "attempt": 1}
    effect |= {"args": {"amount": 1250, "currency": "EUR", "to": "acct-1"}, "result": {"id": "t"}}
    found = [
        _sample(1, "effect", "/tape/effect/confirmed/wire/run-1/key-1", effect),
        _sample(2, "value", "/tape/value/changed/orders/o-1", {"namespace": "orders", "key": "o"}),
        _sample(3, "run", "/tape/run/completed/app/run-1", {}),
    ]
    names = sorted(shape.fields)
    leaves: list[Any] = [
        [dict.fromkeys(names, i) for i in range(SAMPLE_ITEMS)],
        list(range(SAMPLE_ITEMS)),
        "x" * SAMPLE_TEXT_CHARS,
    ]
    for n, leaf in enumerate(leaves):
        payload: dict[str, Any] = {}
        for path in shape.paths:
            _put(payload, path, leaf)
        found.append(_sample(4 + n, "effect", "/tape/effect/confirmed/tool/run-2/key", payload))
    return found


def _sample(seq: int, kind: str, subject: str, payload: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(payload, separators=(",", ":"))
    entry = JournalEntry(
        global_seq=seq,
        run_id="run-1",
        seq=seq,
        kind=kind,
        payload_json=text,
        ts_ms=1_700_000_000_000,
        subject=subject,
        trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
        span_id="00f067aa0ba902b7",
    )
    return predicates.envelope(entry)


def _put(payload: dict[str, Any], path: tuple[str, ...], leaf: Any) -> None:
    node = payload
    for name in path[:-1]:
        child = node.get(name)
        if not isinstance(child, dict):
            child = node[name] = {}
        node = child
    if not isinstance(node.get(path[-1]), dict):  # a deeper path through it wins
        node[path[-1]] = leaf


# -- the matcher: metering real rows ----------------------------------------------------------


class TooSlow(Exception):
    """A reaction's predicate overran its budget in the matcher: pause the reaction."""

    def __init__(self, reason: str, details: dict[str, Any]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


class Envelopes:
    """Rows' envelopes converted for the binding once per matcher batch and shared by its
    reactions (up to :data:`ENVELOPE_CACHE_BYTES` of payload)."""

    def __init__(self) -> None:
        self._cache: dict[int, Any] = {}
        self._bytes = 0

    def get(self, entry: JournalEntry) -> Any:
        """The ``cel.Context`` of ``entry``, or None if the binding cannot take it (logged)."""
        if entry.global_seq in self._cache:
            return self._cache[entry.global_seq]
        cel = predicates.import_cel()
        try:
            context = cel.Context(predicates.envelope(entry))
        except Exception as exc:  # a value the binding cannot convert
            predicates.skipped(entry, exc)
            context = None
        except BaseException as exc:
            if not predicates.binding_panicked(exc):
                raise
            predicates.skipped(entry, errors.InvalidPredicate(predicates.describe(exc)))
            context = None
        size = len(entry.payload_json)
        if self._bytes + size <= ENVELOPE_CACHE_BYTES:
            self._cache[entry.global_seq] = context
            self._bytes += size
        return context


@dataclass
class Meter:
    """Times one reaction's predicate over one matcher batch (see the module docstring)."""

    budget: Budget
    envelopes: Envelopes = field(default_factory=Envelopes)
    spent_ms: float = 0.0
    allowance_ms: float = 0.0
    slow: int = 0
    worst_ms: float = 0.0
    worst_seq: int = 0

    def holds(self, source: str, entry: JournalEntry) -> bool:
        """Whether ``source`` is true for ``entry``.

        Raises:
            InvalidPredicate: the stored predicate is refused now (over a limit, or does not
                compile).
            TooSlow: this evaluation put the reaction over its budget.
        """
        program = predicates.compile_predicate(source)
        context = self.envelopes.get(entry)
        if context is None:
            return False
        start = time.thread_time()
        try:
            result = predicates.execute(program, context)
        except errors.InvalidPredicate as exc:
            predicates.skipped(entry, exc)
            result = False
        self.charge((time.thread_time() - start) * 1000, entry)
        return result is True

    def charge(self, cost_ms: float, entry: JournalEntry) -> None:
        """Count one evaluation of ``cost_ms`` on ``entry``.

        Raises:
            TooSlow: too many slow rows, or the batch budget is spent.
        """
        allowance = len(entry.payload_json) / _MIB * PAYLOAD_ALLOWANCE_MS_PER_MIB
        row_limit = self.budget.row_ms + allowance
        self.spent_ms += cost_ms
        self.allowance_ms += allowance
        if cost_ms > row_limit:
            self.slow += 1
            if cost_ms > self.worst_ms:
                self.worst_ms, self.worst_seq = cost_ms, entry.global_seq
        details = {
            "slow_rows": self.slow,
            "worst_ms": round(self.worst_ms, 1),
            "worst_global_seq": self.worst_seq,
            "spent_ms": round(self.spent_ms, 1),
            "row_budget_ms": self.budget.row_ms,
            "batch_budget_ms": round(self.budget.batch_ms + self.allowance_ms, 1),
        }
        if self.slow >= self.budget.slow_rows:
            raise TooSlow(
                f"its predicate took more than the {self.budget.row_ms:g} ms per-row budget on "
                f"{self.slow} rows of one batch (slowest {self.worst_ms:.0f} ms, global_seq "
                f"{self.worst_seq}; TAPE_PREDICATE_BUDGET_MS, TAPE_PREDICATE_SLOW_ROWS)",
                details,
            )
        if self.spent_ms > self.budget.batch_ms + self.allowance_ms:
            raise TooSlow(
                f"its predicate took {self.spent_ms:.0f} ms over one batch, more than the "
                f"{self.budget.batch_ms + self.allowance_ms:.0f} ms batch budget (last row "
                f"global_seq {entry.global_seq}; TAPE_PREDICATE_BATCH_BUDGET_MS)",
                details,
            )
