"""CEL predicates over journal rows, with ``common-expression-language`` (``import cel``).

Why that package: it is the Python binding of ``cel-rust``, a complete, maintained
implementation of the CEL spec (macros, string functions, timestamps), released through 2026,
typed (``py.typed``), and fast: a compiled program evaluates in ~20 µs, which matters when a
matcher checks every journal row against every reaction. ``cel-python`` (pure Python) is the
alternative and several times slower.

The package is the optional extra ``tape[events]``; reactions and subscriptions without a
predicate work without it.

A predicate sees the row's *envelope*: ``global_seq, run_id, seq, kind, subject, ts_ms,
schema_version, payload`` (parsed JSON), ``payload_json, trace_id, span_id``. A predicate that
does not compile, or names a variable outside the envelope (a typo would otherwise be false
for every row, silently), is refused when it is declared or registered. At match time an
evaluation error, or a non-boolean result, counts as "no match" and is logged.

Hostile predicates: the binding is native code that can crash the process, so the text first
passes :func:`tape.reactions.prescan.scan` (length, nesting and operator limits) and only then
reaches ``cel.compile``; every exception the binding raises, its ``PanicException`` included,
becomes :class:`~tape.errors.InvalidPredicate`. A predicate must also evaluate within its
per-row budget on sample envelopes (:mod:`tape.events.budget`), and the matcher pauses a
reaction whose predicate overruns it on real rows.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from typing import TYPE_CHECKING, Any

from tape import errors
from tape.events import prescan
from tape.records import JournalEntry

if TYPE_CHECKING:
    import cel

logger = logging.getLogger(__name__)

#: The variables a predicate may use.
ENVELOPE_VARIABLES = frozenset(
    {
        "global_seq",
        "run_id",
        "seq",
        "kind",
        "subject",
        "ts_ms",
        "schema_version",
        "payload",
        "payload_json",
        "trace_id",
        "span_id",
    }
)


#: ``ERROR: <input>:LINE:COL: message`` in the binding's parse errors (the rest of its message
#: repeats the source and draws a pointer under it, over several lines).
_PARSE_ERROR = re.compile(r"ERROR: <input>:(\d+):(\d+): ([^\n]*)")
_MAX_MESSAGE_CHARS = 300


def binding_panicked(exc: BaseException) -> bool:
    """Whether ``exc`` is pyo3's ``PanicException`` (a Rust panic inside the binding).

    It derives from ``BaseException``, so ``except Exception`` lets it through, and it lives in
    the module ``pyo3_runtime``, which cannot be imported to name it: it is recognised by name.
    """
    return any(
        cls.__name__ == "PanicException" and cls.__module__ == "pyo3_runtime"
        for cls in type(exc).__mro__
    )


def describe(exc: BaseException) -> str:
    """One line saying what the binding reported (never the whole source back)."""
    text = str(exc)
    found = _PARSE_ERROR.search(text)
    if found:
        line, column, message = found.groups()
        text = f"line {line}, column {column}: {message}"
    elif binding_panicked(exc):
        text = f"the CEL binding failed on it ({text.splitlines()[0] if text else 'panic'})"
    else:
        text = " ".join(text.split()) or type(exc).__name__
    return text[:_MAX_MESSAGE_CHARS]


def import_cel() -> Any:
    """The ``cel`` module of the binding.

    Raises:
        ConfigurationError: it is not installed.
    """
    try:
        import cel
    except ImportError:
        raise errors.ConfigurationError(
            "CEL predicates need the common-expression-language package: pip install 'tape[events]'"
        ) from None
    return cel


@functools.lru_cache(maxsize=1024)
def compile_predicate(source: str) -> cel.Program:
    """Compile ``source``, after :func:`tape.reactions.prescan.scan` found it within limits.

    Raises:
        InvalidPredicate: over a size or nesting limit, a syntax error, a variable the envelope
            does not have, or anything else the binding raised (its panics included).
        ConfigurationError: the CEL package is not installed (``pip install 'tape[events]'``).
    """
    prescan.scan(source)
    binding = import_cel()
    try:
        program: cel.Program = binding.compile(source)
        names = set(program.variables())
    except Exception as exc:  # ValueError for syntax; whatever else the binding raises
        raise errors.InvalidPredicate(f"predicate does not compile: {describe(exc)}") from None
    except BaseException as exc:
        if not binding_panicked(exc):
            raise  # KeyboardInterrupt, SystemExit: not the predicate's doing
        raise errors.InvalidPredicate(f"predicate does not compile: {describe(exc)}") from None
    # Comprehension macros bind their own names (the x in payload.items.all(x, x > 0)); those
    # appear as variables too, so only names that are never bound by a macro are checked.
    unknown = {n for n in names - ENVELOPE_VARIABLES if f"({n}," not in source.replace(" ", "")}
    if unknown:
        raise errors.InvalidPredicate(
            f"predicate uses {', '.join(sorted(unknown))}, which the envelope does not have "
            f"(it has {', '.join(sorted(ENVELOPE_VARIABLES))})"
        )
    return program


def envelope(entry: JournalEntry) -> dict[str, Any]:
    """The variables a predicate sees for ``entry``."""
    try:
        payload = json.loads(entry.payload_json) if entry.payload_json else {}
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python parses
        payload = {}
    return {
        "global_seq": entry.global_seq,
        "run_id": entry.run_id,
        "seq": entry.seq,
        "kind": entry.kind,
        "subject": entry.subject,
        "ts_ms": entry.ts_ms,
        "schema_version": entry.schema_version,
        "payload": payload,
        "payload_json": entry.payload_json,
        "trace_id": entry.trace_id,
        "span_id": entry.span_id,
    }


def execute(program: cel.Program, variables: Any) -> Any:
    """Run ``program`` over ``variables`` (a dict or a ``cel.Context``).

    Raises:
        InvalidPredicate: the evaluation failed (no overload, a missing key, a division by
            zero, a panic of the binding, ...).
    """
    try:
        return program.execute(variables)
    except Exception as exc:  # CEL evaluation errors: no overload, missing key, ...
        raise errors.InvalidPredicate(describe(exc)) from None
    except BaseException as exc:
        if not binding_panicked(exc):
            raise
        raise errors.InvalidPredicate(describe(exc)) from None


def holds(source: str, entry: JournalEntry) -> bool:
    """Whether the predicate ``source`` is true for ``entry`` (empty: always)."""
    if not source.strip():
        return True
    try:
        result = execute(compile_predicate(source), envelope(entry))
    except errors.InvalidPredicate as exc:
        skipped(entry, exc)
        return False
    return result is True


def skipped(entry: JournalEntry, exc: Exception) -> None:
    """Log that a predicate's evaluation failed on ``entry`` (the row counts as no match)."""
    logger.info(
        "predicate error on global_seq %d, row skipped: %s",
        entry.global_seq,
        exc,
        extra={"action": "predicate-error", "global_seq": entry.global_seq},
    )
