"""Bad input is refused with a named error, and nothing is written (both backends).

Every case runs against a database holding one of everything; the whole database (every
``tape_*`` table, journal included) is compared before and after the call.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

import tape
from tape import DispatchMode, EffectSemantics, Journal, models
from tape.errors import (
    EffectNotFound,
    IllegalTransition,
    InvalidArgument,
    InvalidDatabaseURL,
    InvalidPayload,
    RunNotFound,
)

#: (method name, keyword arguments); the label is the method name plus the arguments.
Case = tuple[str, dict[str, Any]]


def dump(j: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    out = {}
    with j.database.engine.connect() as conn:
        for table in models.metadata.sorted_tables:
            stmt = select(table).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(r) for r in conn.execute(stmt)]
    return out


def world(j: Any) -> dict[str, Any]:
    """One of everything: a live run with a decision, effects, an obligation, a timer, a
    budget and a delivered signal; a finished run; a value; a session."""
    run = j.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id="i1", lease_owner="w1"
    )
    run_id = run.run_id
    j.record_decision(run_id=run_id, decision_index=0, model="m")
    pending = j.begin_effect(
        run_id=run_id,
        decision_index=0,
        tool_name="wire",
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector="bank",
    ).idempotency_key
    done = j.begin_effect(run_id=run_id, decision_index=0, tool_name="gl").idempotency_key
    j.complete_effect(run_id=run_id, idempotency_key=done, status="confirmed")
    ob = j.register_compensation(run_id=run_id, effect_key=done, kind="reverse", due=True)
    j.claim_obligation(run_id=run_id, obligation_seq=ob.seq, claimer="x")
    j.record_obligation_attempt(
        run_id=run_id, obligation_seq=ob.seq, error="e", next_attempt_at_ms=0
    )
    j.set_timer(run_id=run_id, timer_id="t1", fire_at_ms=1, kind="redrive")
    j.set_budget(run_id=run_id, usd_cap=1.0)
    j.send_signal(run_id=run_id, gate_name="other", resolution_json={"ok": 1})
    over = j.begin_run(
        app_name="app", user_id="u", session_id="s", invocation_id="i2", lease_owner="w1"
    ).run_id
    j.end_run(run_id=over, status="terminal")
    j.write_value(namespace="ns", key="k", value_json=1)
    j.create_session(app_name="app", user_id="u", session_id="s", state_json={"a": 1})
    return {
        "run": run_id,
        "epoch": run.lease_epoch,
        "pending": pending,
        "done": done,
        "ob": ob.seq,
        "over": over,
    }


def check(j: Any, cases: list[Case], error: type[BaseException]) -> None:
    """Each case raises ``error`` and leaves the database exactly as it was."""
    problems = []
    for method, kwargs in cases:
        label = f"{method}({', '.join(f'{k}={str(v)[:40]!r}' for k, v in kwargs.items())})"
        before = dump(j)
        try:
            getattr(j, method)(**kwargs)
        except error:
            pass
        except Exception as exc:
            problems.append(f"{label}: raised {type(exc).__name__}: {exc}")
        else:
            problems.append(f"{label}: did not raise {error.__name__}")
        if dump(j) != before:
            problems.append(f"{label}: changed the database")
    assert not problems, "\n".join(problems)


def test_unknown_run_or_effect(journal: Any) -> None:
    # -- unknown run
    w = world(journal)
    nope = {"run_id": "no-such-run"}
    session = {"app_name": "app", "user_id": "u", "session_id": "zz"}
    cases: list[Case] = [
        ("get_run", nope),
        ("resume_run", {**nope, "lease_owner": "w"}),
        ("end_run", {**nope, "status": "terminal"}),
        ("release_run", {**nope, "operator": "op"}),
        ("record_decision", {**nope, "decision_index": 5}),
        ("begin_effect", {**nope, "decision_index": 0, "tool_name": "t"}),
        ("begin_effect", {**nope, "decision_index": 0, "tool_name": "t", "scope": "s"}),
        ("await_signal", {**nope, "gate_name": "g"}),
        ("send_signal", {**nope, "gate_name": "g"}),
        ("send_signal", {**session, "gate_name": "g"}),
        ("set_budget", {**nope, "usd_cap": 1}),
        ("charge_budget", {**nope, "usd": 1}),
        ("set_timer", {**nope, "fire_at_ms": 1, "kind": "k"}),
    ]
    check(journal, cases, RunNotFound)
    assert journal.get_run(run_id=w["run"]).status == tape.RunStatus.RUNNING

    # -- unknown effect
    eff = {"run_id": w["run"], "idempotency_key": "no/such/key"}
    cases = [
        ("complete_effect", {**eff, "status": "confirmed"}),
        ("reconcile_effect", {**eff, "resolved_status": "failed"}),
        ("claim_effect_dispatch", {**eff, "claimer": "c"}),
        ("record_dispatch_attempt", {**eff, "next_dispatch_at_ms": 0}),
        ("record_external_observation", {**eff, "resolution": "confirmed"}),
        ("register_compensation", {"run_id": w["run"], "effect_key": "no/key", "kind": "k"}),
        # a key of another run is not this run's effect
        ("complete_effect", {"run_id": w["over"], "idempotency_key": w["done"], "status": 2}),
    ]
    check(journal, cases, EffectNotFound)


def test_illegal_transitions(journal: Any) -> None:
    w = world(journal)
    r, done = w["run"], {"run_id": w["run"], "idempotency_key": w["done"]}
    cases: list[Case] = [
        ("complete_effect", {**done, "status": "failed"}),
        ("reconcile_effect", {**done, "resolved_status": "pending"}),
        ("record_external_observation", {**done, "resolution": "absent"}),
        ("record_dispatch_attempt", {**done, "next_dispatch_at_ms": 0}),
        ("resume_run", {"run_id": w["over"], "lease_owner": "w"}),
        ("end_run", {"run_id": w["over"], "status": "failed"}),
        ("release_run", {"run_id": w["over"], "operator": "op"}),
        ("await_signal", {"run_id": w["over"], "gate_name": "g"}),
        ("resolve_obligation", {"run_id": r, "obligation_seq": w["ob"], "status": "compensated"}),
        (
            "record_obligation_attempt",
            {"run_id": r, "obligation_seq": w["ob"], "error": "e", "next_attempt_at_ms": 0},
        ),
        ("mark_timer_fired", {"run_id": r, "timer_id": "t1", "claimer": "c"}),
    ]
    check(journal, cases, IllegalTransition)


def payload_cases(w: dict[str, Any], bad: Any) -> list[Case]:
    r, pending = w["run"], {"run_id": w["run"], "idempotency_key": w["pending"]}
    session = {"app_name": "app", "user_id": "u"}
    begin = {**session, "session_id": "s", "invocation_id": uuid.uuid4().hex, "lease_owner": "w"}
    return [
        ("begin_run", {**begin, "input_json": bad}),
        ("record_decision", {"run_id": r, "decision_index": 1, "response_json": bad}),
        ("begin_effect", {"run_id": r, "decision_index": 1, "tool_name": "t", "request_json": bad}),
        ("complete_effect", {**pending, "status": "confirmed", "response_json": bad}),
        ("reconcile_effect", {**pending, "resolved_status": "failed", "error_json": bad}),
        ("record_external_observation", {**pending, "resolution": 1, "response_json": bad}),
        ("end_run", {"run_id": r, "status": "failed", "detail_json": bad}),
        (
            "register_compensation",
            {"run_id": r, "effect_key": w["pending"], "kind": "k", "payload_json": bad},
        ),
        (
            "resolve_obligation",
            {
                "run_id": r,
                "obligation_seq": w["ob"],
                "status": 3,
                "operator": "op",
                "result_json": bad,
            },
        ),
        ("await_signal", {"run_id": r, "gate_name": "g", "payload_json": bad}),
        ("send_signal", {"run_id": r, "gate_name": "g2", "resolution_json": bad}),
        ("set_timer", {"run_id": r, "fire_at_ms": 1, "kind": "k", "payload_json": bad}),
        ("write_value", {"namespace": "ns", "key": "k", "value_json": bad}),
        ("create_session", {**session, "session_id": "s2", "state_json": bad}),
        (
            "append_event",
            {**session, "session_id": "s", "event": {"x": 1}, "state_delta_json": bad},
        ),
    ]


def test_bad_payloads(journal: Any) -> None:
    # -- not JSON (or not JSON-serialisable)
    w = world(journal)
    check(journal, payload_cases(w, "{oops"), InvalidPayload)
    check(journal, payload_cases(w, {"nan": float("nan")}), InvalidPayload)
    check(journal, payload_cases(w, {"obj": object()}), InvalidPayload)

    # -- larger than MAX_PAYLOAD_BYTES
    check(journal, payload_cases(w, {"blob": "x" * tape.MAX_PAYLOAD_BYTES}), InvalidPayload)
    text = '"' + "y" * tape.MAX_PAYLOAD_BYTES + '"'
    check(journal, payload_cases(w, text), InvalidPayload)


def test_empty_owner_claimer_and_bad_ttl(journal: Any) -> None:
    w = world(journal)
    r, pending = w["run"], {"run_id": w["run"], "idempotency_key": w["pending"]}
    ob = {"run_id": r, "obligation_seq": w["ob"]}
    begin = {"app_name": "app", "user_id": "u", "session_id": "s", "invocation_id": "new"}
    cases: list[Case] = []
    for who in ("", "   "):
        cases += [
            ("begin_run", {**begin, "lease_owner": who}),
            ("resume_run", {"run_id": r, "lease_owner": who}),
            ("claim_effect_dispatch", {**pending, "claimer": who}),
            ("claim_effects_to_dispatch", {"claimer": who}),
            ("claim_obligation", {**ob, "claimer": who}),
            ("list_due_timers", {"claim": True, "claimer": who}),
            ("mark_timer_fired", {"run_id": r, "timer_id": "t1", "claimer": who}),
            ("release_run", {"run_id": r, "operator": who}),
        ]
    for ttl in (0, -1):
        cases += [
            ("begin_run", {**begin, "lease_owner": "w", "lease_ttl_ms": ttl}),
            ("resume_run", {"run_id": r, "lease_owner": "w1", "lease_ttl_ms": ttl}),
            ("claim_effect_dispatch", {**pending, "claimer": "c", "lease_ttl_ms": ttl}),
            ("claim_effects_to_dispatch", {"claimer": "c", "lease_ttl_ms": ttl}),
            ("claim_obligation", {**ob, "claimer": "c", "lease_ttl_ms": ttl}),
            ("list_due_timers", {"claim": True, "claimer": "c", "lease_ttl_ms": ttl}),
        ]
    cases += [
        ("begin_effect", {"run_id": "", "decision_index": 0, "tool_name": "t"}),
        ("begin_effect", {"run_id": r, "decision_index": 0, "tool_name": ""}),
        ("record_decision", {"run_id": r, "decision_index": -1}),
        ("list_effects_to_dispatch", {"limit": 0}),
        ("charge_budget", {"run_id": r, "usd": -1}),
        ("end_run", {"run_id": r, "status": "running"}),
        ("complete_effect", {**pending, "status": "maybe"}),
        ("set_timer", {"run_id": r, "fire_at_ms": -5, "kind": "k"}),
        ("write_value", {"namespace": "ns", "key": "k", "value_json": 1, "if_version": "1"}),
        ("register_compensation", {"run_id": r, "effect_key": w["done"], "kind": "k2", "due": 1}),
    ]
    check(journal, cases, InvalidArgument)


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "://nothing",
        "mysql://user@127.0.0.1/db",
        "redis://127.0.0.1:6379/0",
        "tape://",
        "tape://127.0.0.1:notaport",
        "grpc://127.0.0.1:7878",
        "sqlite://",
        "sqlite:///:memory:",
        "postgresql://user@127.0.0.1:notaport/db",
    ],
)
def test_bad_database_urls(url: str) -> None:
    with pytest.raises(InvalidDatabaseURL):
        Journal(url)


def test_passwords_never_shown() -> None:
    url = "postgresql://user:s3cret@127.0.0.1:1/x"
    client = Journal(url)
    assert "s3cret" not in repr(client)
    assert "s3cret" not in repr(client.database)
    for bad in ("mysql://user:s3cret@127.0.0.1/db", "postgresql://user:s3cret@h:notaport/db"):
        with pytest.raises(InvalidDatabaseURL) as info:
            Journal(bad)
        assert "s3cret" not in str(info.value) and "s3cret" not in repr(info.value)
    client.close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://user:s3cret@127.0.0.1:1/x",  # refused
        "postgresql+psycopg://user:s3cret@127.0.0.1:1/x",  # refused, psycopg 3
        "postgresql://nosuchrole:s3cret@127.0.0.1:5432/x",  # reached, authentication refused
    ],
)
def test_connection_errors_do_not_leak_the_password(url: str) -> None:
    client = Journal(url)
    # Not bad input but an unreachable or refusing server: SQLAlchemy's error, as it stands.
    with pytest.raises(OperationalError) as info:
        client.begin_run(
            app_name="a", user_id="u", session_id="s", invocation_id="i", lease_owner="w"
        )
    text = f"{info.value!s} {info.value!r} {info.value.__cause__!r} {info.value.__context__!r}"
    assert "s3cret" not in text
    assert "127.0.0.1" in str(info.value)  # but it says which server failed
    client.close()
