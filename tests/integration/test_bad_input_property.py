"""Issue 21, test 6: random bad values of every argument of every public ``Journal`` method
raise a named :mod:`tape.errors` exception and change no row of any ``tape_*`` table.

Postgres, SQLite and ``tape://`` (a ``tape server`` over SQLite: the client refuses before it
sends). Each hypothesis example draws one bad value per kind of argument (text, integer,
payload, list, ...) and puts it, in turn, in every argument of every method, the others being
valid (``base``; :func:`test_the_base_calls_are_valid` shows they are). The database is dumped
before and after the example's calls. Every refusal is an ``InvalidArgument`` naming the
argument.

The raw ``tape.v1`` requests a non-Python client could send (bad JSON text, NUL bytes, numbers
out of range) go to a ``tape server`` process: each gets the mapped error back, the server
keeps serving, nothing is written. A new public journal method needs a line in ``base``.
"""

from __future__ import annotations

import enum
import inspect
import math
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tape import Journal, errors, validate
from tape.rpc import convert, remote, status
from tape.rpc.server import snake
from tape.rpc.v1 import tape_pb2
from tape.store.outcomes import Outcome
from tests.integration.test_bad_input import dump, world
from tests.support import tape_server

#: Examples per backend: each one is ~300 refused calls and two dumps of the database.
EXAMPLES = 12

SERVICE = tape_pb2.DESCRIPTOR.services_by_name["Tape"]


def base(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Valid keyword arguments of every method (what a bad value replaces one of)."""
    run, pending, done = w["run"], w["pending"], w["done"]
    effect = {"run_id": run, "idempotency_key": pending}
    session = {"app_name": "app", "user_id": "u", "session_id": "s"}
    return {
        "admit_budget": {"run_id": run, "usd_estimate": 0.5, "token_estimate": 10},
        "append_event": {**session, "event": {"author": "a"}, "state_delta_json": {"k": 1}},
        "append_scoped_event": {
            **session,
            "event": {"author": "a"},
            "state_delta_json": {"k": 1},
            "app_delta": {"a": 1},
            "user_delta": {"u": 1},
        },
        "await_signal": {
            "run_id": run,
            "gate_name": "g",
            "payload_json": {"p": 1},
            "lease_epoch": None,
        },
        "begin_effect": {
            "run_id": run,
            "decision_index": 1,
            "tool_name": "t",
            "call_index": 0,
            "request_json": {"r": 1},
            "custom_key": "",
            "semantics": "idempotent",
            "dispatch_mode": "inline",
            "business_key": "",
            "connector": "",
            "scope": "",
            "compensate_kind": "undo",
            "max_attempts": 3,
            "dispatch_timeout_ms": 1000,
            "lease_epoch": w["epoch"],
            "match": ["r"],
        },
        "begin_effects": {"effects": [{"run_id": run, "decision_index": 2, "tool_name": "t"}]},
        "begin_run": {
            **session,
            "invocation_id": "i9",
            "lease_owner": "w9",
            "lease_ttl_ms": 1000,
            "tenant_id": "t",
            "actor": "a",
            "subject": "s",
            "agent_id": "ag",
            "aiplex_instance_id": "x",
            "gateway_route": "r",
            "scopes": ["pay"],
            "labels": {"team": "ops"},
            "input_json": {"in": 1},
        },
        "cancel_timer": {"run_id": run, "timer_id": "t1"},
        "charge_budget": {"run_id": run, "usd": 0.1, "tokens": 1},
        "claim_effect_dispatch": {
            **effect,
            "claimer": "c",
            "lease_ttl_ms": 1000,
            "max_attempts": 3,
            "key": "",
        },
        "claim_effect_to_reconcile": {**effect, "lease_ms": 1000},
        "claim_effects_to_dispatch": {
            "claimer": "c",
            "limit": 5,
            "connector": "bank",
            "connectors": None,
            "lease_ttl_ms": 1000,
            "max_attempts": 3,
        },
        "claim_effects_to_reconcile": {"limit": 5, "lease_ms": 1000, "pending_older_than_ms": 1},
        "claim_obligation": {
            "run_id": run,
            "obligation_seq": w["ob"],
            "claimer": "c",
            "lease_ttl_ms": 1000,
        },
        "claim_obligation_now": {
            "run_id": run,
            "obligation_seq": w["ob"],
            "claimer": "c",
            "lease_ttl_ms": 1000,
        },
        "claim_task_batch": {
            "reaction_id": "r",
            "owner": "o",
            "shard": 0,
            "lease_ms": 1000,
            "max": 4,
            "task_id": "",
            "respect_limits": True,
        },
        "claim_tasks": {
            "reaction_id": "r",
            "owner": "o",
            "shard": 0,
            "lease_ms": 1000,
            "max": 4,
            "respect_limits": True,
        },
        "compact_run": {"run_id": run},
        "compactable_bytes": {"run_id": run},
        "complete_effect": {
            **effect,
            "status": "confirmed",
            "response_json": {"ok": 1},
            "error_json": None,
            "external_ref": "ref",
            "claimer": "",
            "lease_epoch": None,
            "compensation_payload_json": None,
        },
        "complete_task": {"task_id": "t", "owner": "o", "attempts": 1},
        "complete_tasks": {"claims": [("t", 1)], "owner": "o"},
        "count_decisions": {"run_id": run},
        "count_redrive": {"run_id": run, "lease_epoch": w["epoch"]},
        "count_tasks": {"reaction_id": "r"},
        "create_run": {
            "app_name": "app",
            "invocation_id": "i8",
            "user_id": "u",
            "session_id": "s",
            "input_json": {"in": 1},
            "labels": {"team": "ops"},
            "scopes": ["pay"],
        },
        "create_session": {**session, "session_id": "s3", "state_json": {"a": 1}},
        "delete_invocation_events": {**session, "invocation_id": "i1"},
        "delete_session": session,
        "delete_value": {"namespace": "ns", "key": "k"},
        "deregister_reaction": {"reaction_id": "r"},
        "end_run": {
            "run_id": run,
            "status": "terminal",
            "detail_json": {"d": 1},
            "lease_epoch": None,
        },
        "expire_dispatch_claims": {"limit": 5, "max_attempts": 3},
        "get_budget": {"run_id": run},
        "get_decision": {"run_id": run, "decision_index": 0},
        "get_effect": effect,
        "get_reaction": {"reaction_id": "r"},
        "get_run": {"run_id": run},
        "get_scoped_state": {"app_name": "app", "user_id": "u"},
        "get_session": {**session, "max_events": 5},
        "get_task": {"task_id": "t"},
        "get_value": {"namespace": "ns", "key": "k"},
        "heartbeat_tasks": {"task_ids": ["t"], "owner": "o", "lease_ms": 1000},
        "insert_session": {**session, "session_id": "s4", "state_json": {"a": 1}},
        "list_compactable_runs": {"before_ms": 1, "limit": 5},
        "list_business_keys": {"run_ids": [run], "per_run": 3},
        "list_due_timers": {
            "now_ms": 5,
            "limit": 5,
            "claim": True,
            "claimer": "c",
            "lease_ttl_ms": 1000,
        },
        "list_effects": {"run_id": run},
        "list_effects_to_dispatch": {
            "now_ms": 5,
            "limit": 5,
            "connector": "",
            "connectors": ["bank"],
            "exclude_connectors": ["other"],
            "max_attempts": 3,
        },
        "list_obligations": {"run_id": run, "only_unresolved": True, "status_filter": "stuck"},
        "list_pending_effects": {
            "older_than_ms": 1,
            "limit": 5,
            "include_pending": True,
            "include_unknown": False,
            "due_by_ms": 1,
        },
        "list_reactions": {"subject_pattern": "/tape/**", "include_deleted": False},
        "list_runs": {"statuses": ["running"], "limit": 5},
        "list_runs_to_recover": {"limit": 5, "now_ms": 5},
        "list_sessions": {"app_name": "app", "user_id": "u"},
        "list_tasks": {"reaction_id": "r", "status": "pending", "limit": 5},
        "list_unresolved_obligations": {
            "limit": 5,
            "now_ms": 5,
            "include_pending": True,
            "include_stuck": True,
            "include_committed_expired": True,
        },
        "mark_connector_missing": {**effect, "connector": "bank", "worker": "w"},
        "mark_timer_fired": {"run_id": run, "timer_id": "t1", "claimer": "c"},
        "nack_task": {
            "task_id": "t",
            "owner": "o",
            "error": "e",
            "permanent": False,
            "attempts": 1,
        },
        "read_journal": {
            "run_id": run,
            "from_seq": 0,
            "after_global_seq": 0,
            "kind": "effect",
            "subject_pattern": "",
            "limit": 5,
        },
        "reconcile_effect": {
            **effect,
            "resolved_status": "failed",
            "response_json": None,
            "error_json": {"e": 1},
            "operator": "op",
            "note": "n",
        },
        "record_decision": {
            "run_id": run,
            "decision_index": 1,
            "model": "m",
            "request_json": {"q": 1},
            "response_json": {"a": 1},
            "rationale": "r",
            "policy_version": "v1",
            "lease_epoch": w["epoch"],
        },
        "record_dispatch_attempt": {
            "run_id": run,
            "idempotency_key": pending,
            "error": "e",
            "next_dispatch_at_ms": 10,
            "claimer": "",
            "key": "",
        },
        "record_dispatch_outcomes": {
            "outcomes": [Outcome(run, pending, "retry", error="e", next_dispatch_at_ms=10)],
            "claimer": "c",
        },
        "record_external_observation": {
            **effect,
            "resolution": "confirmed",
            "external_ref": "ref",
            "response_json": {"ok": 1},
            "error_json": None,
            "compensate_on_duplicate_kind": "",
            "observed_by": "connector",
            "key": "",
            "observation_json": {"seen": 1},
        },
        "record_obligation_attempt": {
            "run_id": run,
            "obligation_seq": w["ob"],
            "error": "e",
            "next_attempt_at_ms": 10,
            "claimer": "",
        },
        "register_compensation": {
            "run_id": run,
            "effect_key": done,
            "kind": "k9",
            "payload_json": {"p": 1},
            "compensator_ref": "",
            "max_attempts": 2,
            "due": False,
        },
        "register_reaction": {
            "subject_pattern": "/tape/**",
            "reaction_id": "",
            "name": "n",
            "predicate_cel": "",
            "agent_app": "",
            "publish_target": "",
            "max_concurrency": 1,
            "rate_limit_per_s": 0,
            "debounce_ms": 0,
            "retry_max": 5,
            "retry_backoff_ms": 1000,
            "dlq_after_n": 5,
            "num_shards": 1,
            "bootstrap_from_head": False,
        },
        "release_run": {"run_id": run, "operator": "op", "note": "n"},
        "request_redrive": {"run_id": run, "reason": "r"},
        "resolve_effect": {
            **effect,
            "action": "fail",
            "operator": "op",
            "note": "n",
            "response_json": None,
            "external_ref": "",
        },
        "resolve_obligation": {
            "run_id": run,
            "obligation_seq": w["ob"],
            "status": "compensated",
            "result_json": {"r": 1},
            "operator": "op",
            "note": "n",
        },
        "resume_run": {
            "run_id": run,
            "lease_owner": "w1",
            "lease_ttl_ms": 1000,
            "lease_epoch": w["epoch"],
            "takeover_from": "",
        },
        "retry_task": {"task_id": "t", "operator": "op", "note": "n"},
        "resume_reaction": {"reaction_id": "r", "operator": "op", "note": "n"},
        "accepted_divergences": {"run_id": run},
        "resolve_run_id": {"run_id": run},
        "begin_decision": {
            "run_id": run,
            "decision_index": 5,
            "model": "m",
            "request_digest": "d",
            "provider_key": "k",
            "lease_epoch": w["epoch"],
        },
        "diverge_run": {
            "run_id": run,
            "detail_json": {"kind": "decision"},
            "lease_epoch": w["epoch"],
        },
        "fail_decision_call": {
            "run_id": run,
            "decision_index": 5,
            "begun_seq": 1,
            "error_json": {"e": 1},
        },
        "resolve_divergence": {
            "run_id": run,
            "choice": "accept",
            "operator": "op",
            "note": "n",
            "effects": "",
        },
        "stamp_run_version": {"run_id": run, "version": "v1", "lease_epoch": w["epoch"]},
        "fork_run": {
            "run_id": w["over"],
            "from_decision": 0,
            "policy": "keep",
            "operator": "op",
            "note": "n",
        },
        "link_run": {"run_id": w["over"], "parent_run_id": run, "kind": "child"},
        "run_tree": {"run_id": run},
        "undo_run": {"run_id": w["over"], "reason": "deadline", "undone_by": "test"},
        "search_runs": {
            "statuses": ["running"],
            "app_name": "app",
            "started_after_ms": 1,
            "query": "q",
            "limit": 5,
        },
        "send_signal": {
            "gate_name": "g3",
            "resolution_json": {"ok": 1},
            "run_id": run,
            "app_name": "",
            "user_id": "",
            "session_id": "",
        },
        "set_budget": {"run_id": run, "usd_cap": 2.0, "token_cap": 100},
        "set_timer": {
            "run_id": run,
            "fire_at_ms": 10,
            "kind": "k",
            "timer_id": "t9",
            "payload_json": {"p": 1},
        },
        "settle_compensating_runs": {"limit": 5},
        "subscribe": {
            "subject_pattern": "/tape/**",
            "predicate": "",
            "from_global_seq": 0,
            "kind": "",
            "run_id": "",
            "poll_interval_s": 0.1,
            "idle_timeout_s": 0.1,
        },
        "write_scoped_state": {
            "app_name": "app",
            "user_id": "u",
            "app_delta": {"a": 1},
            "user_delta": {"u": 1},
        },
        "write_value": {
            "namespace": "ns",
            "key": "k",
            "value_json": {"v": 1},
            "if_version": -1,
            "writer": "me",
        },
    }


def methods(journal: Any) -> list[str]:
    """The public methods that take arguments (over tape://, those with an RPC)."""
    names = [
        name
        for name in dir(Journal)
        if not name.startswith("_")
        and callable(getattr(Journal, name))
        and len(_parameters(name)) > 0
        and name != "close"
    ]
    if journal.database.dialect == "tape":
        names = [n for n in names if remote.served_by(n)]
    return sorted(names)


def _parameters(name: str) -> list[str]:
    return [p for p in inspect.signature(getattr(Journal, name)).parameters if p != "self"]


def arguments(journal: Any, method: str) -> list[str]:
    """The arguments of ``method`` a call can carry (over tape://, those its request has)."""
    names = _parameters(method)
    if journal.database.dialect != "tape":
        return names
    if method == "subscribe":  # a stream, checked in the client like the local journal
        return names
    rpc = next(m for m in SERVICE.methods if snake(m.name) == method)
    fields = rpc.input_type.fields_by_name
    carried = [n for n in names if n in fields or convert.ALIASES.get(n) in fields]
    return carried + (["event"] if method in ("append_event", "append_scoped_event") else [])


def base_call(journal: Any, table: dict[str, dict[str, Any]], method: str) -> dict[str, Any]:
    wanted = arguments(journal, method)
    return {k: v for k, v in table[method].items() if k in wanted}


# ── bad values ────────────────────────────────────────────────────────────────────────────


class Deep:
    """A list nested ``depth`` deep, built when used (hypothesis's printer would recurse)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def __repr__(self) -> str:
        return f"[[[...]]] ({self.depth} deep)"

    def build(self) -> list[Any]:
        value: list[Any] = []
        for _ in range(self.depth):
            value = [value]
        return value


def built(value: Any) -> Any:
    """``value`` with its :class:`Deep` parts built."""
    if isinstance(value, Deep):
        return value.build()
    if isinstance(value, dict):
        return {k: built(v) for k, v in value.items()}
    return value


def _with(char: str) -> st.SearchStrategy[str]:
    return st.tuples(st.text(max_size=8), st.text(max_size=8)).map(lambda p: p[0] + char + p[1])


#: Bad for every argument, whatever its type.
BAD_DATA: st.SearchStrategy[Any] = st.one_of(
    st.integers(min_value=2**63, max_value=2**200),
    st.integers(min_value=-(2**200), max_value=-(2**63) - 1),
    st.sampled_from([math.nan, math.inf, -math.inf]),
    st.integers(min_value=validate.MAX_PAYLOAD_DEPTH + 1, max_value=3000).map(Deep),
    _with("\x00"),
    _with("\ud800"),
    _with("\udfff"),
    st.just("x" * (validate.MAX_PAYLOAD_BYTES + 1)),
    st.dictionaries(st.text(max_size=4), st.just(math.nan), min_size=1, max_size=2),
)
#: Bad for every argument but an error description (which takes any object, as str()).
WRONG_TYPES: st.SearchStrategy[Any] = st.sampled_from([object(), b"bytes", 1.5j])
#: Bad only for some kinds (each kind also draws from BAD_DATA and WRONG_TYPES).
BY_KIND: dict[str, st.SearchStrategy[Any]] = {
    "int32": st.integers(min_value=2**31, max_value=2**63 - 1),
    "ms": st.integers(min_value=validate.MAX_MS + 1, max_value=2**63 - 1),
    "bool": st.sampled_from([0, 1, "true", None]),
    "text": st.sampled_from([None, 5, ["a"]]),
    "int": st.sampled_from(["1", 1.0, None, True]),
    "float": st.sampled_from(["1", None, True]),
    "enum": st.sampled_from(["no-such-value", 99, None, True]),
    "list": st.sampled_from(["abc", {"a": "b"}, [None], ["a\x00"]]),
    "mapping": st.sampled_from([[("a", "b")], {"a": 1}, {"a\x00": "b"}, {"a": "\ud800"}]),
    "payload": st.sampled_from(
        [
            Deep(validate.MAX_PAYLOAD_DEPTH + 1),
            "NaN",
            "[Infinity]",
            "-Infinity",
            '{"a": NaN}',
            '"\\ud800"',
            '["\\u0000"]',
            "{oops",
            "1" * 30,
            "[" * 3000 + "]" * 3000,
            {"k": 2**64},
        ]
    ),
    "event": st.sampled_from([{}, {"x": math.nan}, {"x": Deep(200)}, {"\x00": 1}]),
    "effects": st.sampled_from(
        [
            [{"nope": 1}],
            [{"run_id": "r", "decision_index": 2**40, "tool_name": "t"}],
            [{"run_id": "r", "decision_index": 1, "tool_name": "t", "request_json": "NaN"}],
            [{"run_id": "r\x00", "decision_index": 1, "tool_name": "t"}],
        ]
    ),
    "outcomes": st.sampled_from(
        [
            [Outcome("r", "k", "confirmed", response_json="NaN")],
            [Outcome("r\x00", "k", "confirmed")],
            [Outcome("r", "k", "retry", next_dispatch_at_ms=2**62)],
        ]
    ),
    "claims": st.sampled_from([[("t", 2**64)], [("t",)], [("t\x00", 1)]]),
}
#: Kinds by argument name, where the annotation does not say enough.
NAMED = {
    "event": "event",
    "effects": "effects",
    "outcomes": "outcomes",
    "claims": "claims",
    "error": "error",
}


def kind_of(method: str, name: str) -> str:
    if name in NAMED and not (name == "error" and method != "record_dispatch_attempt"):
        return NAMED[name]
    hint = typing.get_type_hints(getattr(Journal, method))[name]
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    first = next(a for a in typing.get_args(hint) if a is not type(None)) if union else hint
    if first is Any:
        return "payload"
    if first is str or typing.get_origin(first) is typing.Literal:
        return "text"
    if first is bool:
        return "bool"
    if first is float:
        return "float"
    if first is int:
        low, _ = validate.int_range(name)
        return "int32" if low == validate.INT32_MIN else "ms" if name.endswith("_ms") else "int"
    if isinstance(first, type) and issubclass(first, enum.Enum):
        return "enum"
    origin = typing.get_origin(first)
    if isinstance(origin, type) and issubclass(origin, typing.Mapping):  # type: ignore[arg-type]
        return "mapping"
    if origin is not None:
        return "list"
    return "other"


bad_values = st.fixed_dictionaries(
    {
        "error": BAD_DATA,
        **{kind: st.one_of(BAD_DATA, WRONG_TYPES, extra) for kind, extra in BY_KIND.items()},
    }
)


def _takes_none(method: str, name: str) -> bool:
    hint = typing.get_type_hints(getattr(Journal, method))[name]
    return hint is Any or type(None) in typing.get_args(hint)


def _calls(journal: Any, w: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, argument, the base keyword arguments) for every argument of every method."""
    table = base(w)
    for method in methods(journal):
        kwargs = base_call(journal, table, method)
        for name in arguments(journal, method):
            yield method, name, kwargs


def _try(journal: Any, method: str, kwargs: dict[str, Any]) -> BaseException | None:
    try:
        result = getattr(journal, method)(**kwargs)
        if method == "subscribe":
            next(iter(result), None)
    except Exception as exc:
        return exc
    return None


@pytest.fixture
def local(journal_url: str, sqlite_url: str) -> Iterator[Journal]:
    """A journal on the database itself (behind the server, for tape://), to dump it."""
    with Journal(sqlite_url if journal_url.startswith("tape") else journal_url) as own:
        yield own


@pytest.fixture
def w(journal: Any) -> dict[str, Any]:
    """One world per test: the examples change nothing (or the test fails)."""
    return world(journal)


@pytest.mark.journal_backends("postgres", "sqlite", "tape")
def test_the_base_calls_are_valid(journal: Any) -> None:
    # What the property test puts a bad value into must be valid without it: every refusal
    # below is then the bad value's.
    w = world(journal)
    table = base(w)
    missing = [m for m in methods(journal) if m not in table]
    assert not missing, f"no base arguments for {missing}"
    problems = []
    for method in methods(journal):
        unknown = set(table[method]) - set(_parameters(method))
        absent = set(_parameters(method)) - set(table[method])
        if unknown or absent:
            problems.append(f"{method}: base names {sorted(unknown)}, lacks {sorted(absent)}")
        error = _try(journal, method, base_call(journal, table, method))
        if isinstance(error, errors.InvalidArgument | errors.RemoteError) or not isinstance(
            error, errors.TapeError | None
        ):
            problems.append(f"{method}(base): {type(error).__name__}: {error}")
    assert not problems, "\n".join(problems)


@pytest.mark.journal_backends("postgres", "sqlite", "tape")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bad=bad_values)
def test_bad_values_in_every_argument_are_refused_and_change_nothing(
    journal: Any, local: Journal, w: dict[str, Any], bad: dict[str, Any]
) -> None:
    before = dump(local)
    problems = []
    for method, name, kwargs in _calls(journal, w):
        kind = kind_of(method, name)
        value = built(bad[kind])
        if kind == "other" or (bad[kind] is None and _takes_none(method, name)):
            continue
        error = _try(journal, method, {**kwargs, name: value})
        shown = f"{method}({name}={_short(bad[kind])})"
        if not isinstance(error, errors.InvalidArgument):
            problems.append(f"{shown}: {type(error).__name__}: {error}")
        elif name not in str(error) and not _names_alias(name, str(error)):
            problems.append(f"{shown}: the error does not name {name}: {error}")
    assert not problems, "\n".join(problems[:40])
    assert dump(local) == before


def _names_alias(name: str, message: str) -> bool:
    return name in ("key", "idempotency_key") and "key" in message


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, int) or abs(value) < 2**70 else "<huge int>"
    return text if len(text) < 60 else text[:57] + "..."


# ── raw tape.v1 requests to a tape server process ─────────────────────────────────────────


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    from tests.support import databases

    folder = tmp_path_factory.mktemp("bad-rpc")
    template = databases.SqliteTemplate(folder)
    template.create()
    url = template.clone(folder)
    process = tape_server.start_process(url, Path(folder) / "server.log")
    yield process.url, url
    assert process.stop() == 0


def _channel(url: str) -> grpc.Channel:
    return grpc.insecure_channel(url.removeprefix("tape://"))


def _rpc(channel: grpc.Channel, rpc: str, request: Any) -> None:
    method = tape_pb2.DESCRIPTOR.services_by_name["Tape"].methods_by_name[rpc]
    response = getattr(tape_pb2, method.output_type.name)
    call = channel.unary_unary(
        f"/tape.v1.Tape/{rpc}",
        request_serializer=type(request).SerializeToString,
        response_deserializer=response.FromString,
    )
    try:
        call(request, timeout=10)
    except grpc.RpcError as exc:
        status.raise_from_rpc(exc, rpc)


#: Bad JSON text a non-Python client can put in any ``*_json`` field.
BAD_JSON = st.one_of(
    st.sampled_from(["NaN", "[Infinity]", '{"a": -Infinity}', "{oops", '"\\u0000"']),
    st.sampled_from(['"\\ud800"', '["\\udc00"]', "1" * 25, "-" + "9" * 5000]),
    st.integers(min_value=validate.MAX_PAYLOAD_DEPTH + 1, max_value=5000).map(
        lambda n: "[" * n + "]" * n
    ),
)
BAD_TEXT = st.one_of(_with("\x00"), st.just("x" * 300))


def _requests(run_id: str) -> st.SearchStrategy[tuple[str, Any]]:
    """(RPC, request) pairs a tape server must refuse."""
    return st.one_of(
        BAD_JSON.map(
            lambda j: (
                "BeginRun",
                tape_pb2.BeginRunRequest(
                    app_name="a",
                    user_id="u",
                    session_id="s",
                    invocation_id="bad",
                    lease_owner="w",
                    input_json=j,
                ),
            )
        ),
        BAD_TEXT.map(
            lambda t: (
                "BeginRun",
                tape_pb2.BeginRunRequest(
                    app_name="a",
                    user_id="u",
                    session_id="s",
                    invocation_id="bad",
                    lease_owner="w",
                    labels={"k": t},
                    scopes=["ok", t],
                ),
            )
        ),
        st.integers(min_value=2**31, max_value=2**63 - 1).map(
            lambda n: (
                "RecordDecision",
                tape_pb2.RecordDecisionRequest(run_id=run_id, decision_index=n),
            )
        ),
        BAD_JSON.map(
            lambda j: (
                "RecordDecision",
                tape_pb2.RecordDecisionRequest(run_id=run_id, decision_index=1, response_json=j),
            )
        ),
        BAD_JSON.map(
            lambda j: (
                "BeginEffect",
                tape_pb2.BeginEffectRequest(
                    run_id=run_id, decision_index=1, tool_name="t", request_json=j
                ),
            )
        ),
        BAD_TEXT.map(
            lambda t: (
                "BeginEffect",
                tape_pb2.BeginEffectRequest(run_id=run_id, decision_index=1, tool_name=t),
            )
        ),
        BAD_JSON.map(
            lambda j: (
                "WriteValue",
                tape_pb2.WriteValueRequest(namespace="ns", key="k", value_json=j),
            )
        ),
        BAD_JSON.map(
            lambda j: (
                "AppendEvent",
                tape_pb2.AppendEventRequest(
                    app_name="app", user_id="u", session_id="s", event_json=j
                ),
            )
        ),
        st.integers(min_value=validate.MAX_MS + 1, max_value=2**63 - 1).map(
            lambda n: (
                "SetTimer",
                tape_pb2.SetTimerRequest(run_id=run_id, fire_at_ms=n, kind="k", timer_id="t"),
            )
        ),
        st.sampled_from([math.nan, math.inf, -math.inf]).map(
            lambda f: ("SetBudget", tape_pb2.SetBudgetRequest(run_id=run_id, usd_cap=f))
        ),
        BAD_TEXT.map(
            lambda t: ("RegisterReaction", tape_pb2.Reaction(subject_pattern="/tape/**", name=t))
        ),
        BAD_JSON.map(
            lambda j: (
                "SendSignal",
                tape_pb2.SendSignalRequest(run_id=run_id, gate_name="g", resolution_json=j),
            )
        ),
    )


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_bad_requests_to_a_tape_server_get_the_mapped_error(
    server: tuple[str, str], data: st.DataObject
) -> None:
    url, database_url = server
    with Journal(database_url) as local, _channel(url) as channel:
        run_id = _server_run(local)
        rpc, request = data.draw(_requests(run_id), label="request")
        before = dump(local)
        with pytest.raises(errors.InvalidArgument):
            _rpc(channel, rpc, request)
        # Still serving: the health check and a good call answer.
        health = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service="tape.v1.Tape"), timeout=10
        )
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        _rpc(channel, "GetRun", tape_pb2.GetRunRequest(run_id=run_id))
        assert dump(local) == before


def _server_run(local: Journal) -> str:
    found = local.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id="base", lease_owner="w"
    )
    if not local.get_session(app_name="app", user_id="u", session_id="s"):
        local.create_session(app_name="app", user_id="u", session_id="s")
    return found.run_id


@pytest.mark.journal_backends("postgres")
def test_overlong_text_is_refused_or_stored_never_a_database_error(journal: Any) -> None:
    # Postgres refuses text longer than its column (SQLite stores it): every text argument
    # one character longer than a column is refused (a tape error) or fits where it goes.
    w = world(journal)
    table = base(w)
    problems = []
    for length in (65, 256, 513, 1025):  # one more than each column's (64, 255, 512, 1024)
        for method in methods(journal):
            for name in _parameters(method):
                if kind_of(method, name) != "text":
                    continue
                error = _try(journal, method, {**table[method], name: "y" * length})
                if error is not None and not isinstance(error, errors.TapeError):
                    problems.append(f"{method}({name}=<{length} chars>): {error!r:.200}")
    assert not problems, "\n".join(problems)
