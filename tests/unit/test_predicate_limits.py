"""The CEL predicate pre-scan, the panic guard and the matcher's meter (no I/O, no timing)."""

from __future__ import annotations

from typing import Any

import pytest

from tape import errors
from tape.reactions import budget, predicates, prescan
from tape.records import JournalEntry
from tests.support import predicate_bombs

#: Every predicate in tape's tests, README and docs, and longer ones a user could write.
REAL = [
    "payload.version > 1",
    "payload.version == 1",
    "payload.transition == 'completed'",
    "payload.tool == 'wire'",
    'kind == "effect" && subject.startsWith("/tape/effect/confirmed/") && payload.tool in '
    '["wire", "ach", "sepa"] && payload.amount >= 1000 && payload.currency == "EUR" && '
    '!(payload.business_key.startsWith("test-"))',
    " || ".join(f"payload.tool == 't{i}'" for i in range(20)),
    "payload.orders.exists(o, o.lines.exists(l, l.sku == 'X' && l.qty > 2))",
    "has(payload.args) && payload.args.exists(a, a.name == 'amount' && double(a.value) > 1e4)",
    "payload.tool in [" + ", ".join(f"'tool-{i}'" for i in range(300)) + "]",
    'payload_json.matches(\'"tool":"wire"\') // a regex outside any loop',
]


@pytest.mark.parametrize("source", REAL)
def test_real_predicates_pass_the_prescan(source: str) -> None:
    shape = prescan.scan(source)
    assert shape.operators <= prescan.MAX_PREDICATE_OPERATORS
    assert shape.tokens <= prescan.MAX_PREDICATE_TOKENS


@pytest.mark.parametrize(
    ("source", "limit"),
    [
        (predicate_bombs.FLAT, "MAX_PREDICATE_CHARS"),
        (predicate_bombs.PANIC, "MAX_PREDICATE_CHARS"),
        ("(" * 33 + "1" + ")" * 33, "MAX_PREDICATE_DEPTH"),
        ("x" + " + x" * 65, "MAX_PREDICATE_OPERATORS"),
        ("x" + ".a" * 65, "MAX_PREDICATE_OPERATORS"),
        ("x" + "[0]" * 65, "MAX_PREDICATE_OPERATORS"),
        ("[" + ",".join(["1"] * 600) + "]", "MAX_PREDICATE_TOKENS"),
        ("[1].all(a, [1].all(b, [1].all(c, true)))", "MAX_MACRO_NESTING"),
        (" && ".join(["payload_json.matches('a')"] * 5), "MAX_REGEX_CALLS"),
    ],
)
def test_each_limit_refuses_naming_itself(source: str, limit: str) -> None:
    with pytest.raises(errors.InvalidPredicate, match=limit):
        prescan.scan(source)


def test_the_deep_bomb_is_refused_by_the_nesting_limit() -> None:
    with pytest.raises(errors.InvalidPredicate, match="nest 500 deep"):
        prescan.scan(predicate_bombs.DEEP)


def test_a_regex_inside_a_comprehension_is_refused() -> None:
    with pytest.raises(errors.InvalidPredicate, match="inside a comprehension"):
        prescan.scan("payload.tags.exists(t, t.matches('^prod-'))")


def test_operators_inside_strings_and_comments_are_not_counted() -> None:
    inner = "+ - * / ( [ { && || . " * 40
    assert prescan.scan(f"payload.note == '{inner}'").operators == 2
    assert prescan.scan(f'payload.note == """{inner}\n{inner}"""').operators == 2
    assert prescan.scan(f"payload.note == r'{inner}\\'").operators == 2
    assert prescan.scan(f"payload.ok // {inner}\n").operators == 1
    assert prescan.scan("b'\\xff\\377\\u00e9' == payload_json").operators == 1


def test_code_is_never_hidden_in_what_looks_like_a_string() -> None:
    chain = " + x" * 70
    # A raw string ends at its first quote: the chain after it is code.
    with pytest.raises(errors.InvalidPredicate, match="MAX_PREDICATE_OPERATORS"):
        prescan.scan(f"r'\\' {chain} == ''")
    # 'rb' is an identifier, then an ordinary string: the escaped quote does not end it, and
    # the string must end before the line does.
    with pytest.raises(errors.InvalidPredicate, match="never ends"):
        prescan.scan(f"rb'\\' {chain}")
    # An escape the grammar does not have would end the binding's string there.
    with pytest.raises(errors.InvalidPredicate, match="invalid escape"):
        prescan.scan(f"'\\q {chain}'")
    # A number's letters do not swallow a string prefix: 1 r'..' is a number and a raw string.
    with pytest.raises(errors.InvalidPredicate, match="MAX_PREDICATE_OPERATORS"):
        prescan.scan(f"1r'\\' {chain} == ''")
    # Backquotes are read as code.
    with pytest.raises(errors.InvalidPredicate, match="MAX_PREDICATE_OPERATORS"):
        prescan.scan("`" + "a-" * 70 + "a`")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("'abc", "never ends"),
        ("'a\nb'", "never ends"),
        ("(]", "unbalanced"),
        ("(1", "never closed"),
        ("a\x00", "NUL"),
        ("'\ud800'", "not valid Unicode"),
        (42, "must be a string"),
    ],
)
def test_text_that_cannot_be_cel_is_refused(source: Any, message: str) -> None:
    with pytest.raises(errors.InvalidPredicate, match=message):
        prescan.scan(source)


def test_paths_and_fields_name_what_the_samples_fill() -> None:
    shape = prescan.scan("payload.order.total > 1 && payload.items.exists(i, i.sku == 'x')")
    assert set(shape.paths) == {("order", "total"), ("items",)}
    assert shape.fields == {"order", "total", "items", "sku"}
    samples = budget.samples(shape)
    wide = samples[3]["payload"]
    assert len(wide["items"]) == budget.SAMPLE_ITEMS
    assert len(wide["order"]["total"]) == budget.SAMPLE_ITEMS


def _panic() -> BaseException:
    """The binding's real PanicException: a parse error past column 65535 raises it (pyo3
    catches the Rust panic and raises it in Python; the process is fine)."""
    import cel

    try:
        cel.compile(predicate_bombs.PANIC)
    except BaseException as exc:
        return exc
    raise AssertionError("the binding no longer panics on this text")


def test_a_panic_of_the_binding_becomes_invalid_predicate(monkeypatch: pytest.MonkeyPatch) -> None:
    import cel

    panic = _panic()
    assert not isinstance(panic, Exception) and predicates.binding_panicked(panic)

    def panics(source: str) -> Any:
        raise panic

    monkeypatch.setattr(cel, "compile", panics)
    with pytest.raises(errors.InvalidPredicate, match="the CEL binding failed on it"):
        predicates.compile_predicate("kind == 'panic-at-compile'")


def test_keyboard_interrupt_inside_the_binding_is_not_swallowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cel

    def interrupted(source: str) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(cel, "compile", interrupted)
    assert not predicates.binding_panicked(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        predicates.compile_predicate("kind == 'interrupted-at-compile'")


def test_compile_errors_are_one_line_without_the_source() -> None:
    with pytest.raises(errors.InvalidPredicate) as caught:
        predicates.compile_predicate("payload.amount >\n")
    message = str(caught.value)
    assert message.startswith("predicate does not compile: line 2, column 1: Syntax error")
    assert "\n" not in message


# -- the meter (costs handed in: no clock) ---------------------------------------------------


def _row(seq: int, payload_bytes: int = 10) -> JournalEntry:
    return JournalEntry(
        global_seq=seq,
        run_id="r",
        seq=seq,
        kind="value",
        payload_json="x" * payload_bytes,
        ts_ms=0,
        subject="/tape/value/changed/ns/k",
    )


def test_the_meter_pauses_on_the_nth_slow_row_of_a_batch() -> None:
    meter = budget.Meter(budget.Budget(row_ms=10, slow_rows=3, batch_ms=10_000))
    meter.charge(50, _row(1))
    meter.charge(1, _row(2))
    meter.charge(50, _row(3))
    with pytest.raises(budget.TooSlow, match="on 3 rows of one batch") as caught:
        meter.charge(80, _row(4))
    assert caught.value.details["worst_global_seq"] == 4
    assert caught.value.details["slow_rows"] == 3


def test_the_meter_pauses_when_the_batch_budget_is_spent() -> None:
    meter = budget.Meter(budget.Budget(row_ms=10, slow_rows=3, batch_ms=100))
    for seq in range(1, 12):
        meter.charge(9, _row(seq))  # never slow, 99 ms in all
    with pytest.raises(budget.TooSlow, match="batch budget"):
        meter.charge(9, _row(12))


def test_a_large_payload_earns_its_conversion_allowance() -> None:
    meter = budget.Meter(budget.Budget(row_ms=10, slow_rows=1, batch_ms=100))
    meter.charge(150, _row(1, payload_bytes=1024 * 1024))  # 10 + 200 ms allowed for this row
    with pytest.raises(budget.TooSlow, match="per-row budget"):
        meter.charge(11, _row(2))


def test_budget_reads_the_environment_and_names_a_bad_value() -> None:
    read = budget.Budget.from_env(
        {
            "TAPE_PREDICATE_BUDGET_MS": "2.5",
            "TAPE_PREDICATE_SLOW_ROWS": "1",
            "TAPE_PREDICATE_BATCH_BUDGET_MS": "50",
        }
    )
    assert read == budget.Budget(row_ms=2.5, slow_rows=1, batch_ms=50)
    assert budget.Budget.from_env({}) == budget.Budget()
    for name, value in (
        ("TAPE_PREDICATE_BUDGET_MS", "0"),
        ("TAPE_PREDICATE_SLOW_ROWS", "1.5"),
        ("TAPE_PREDICATE_BATCH_BUDGET_MS", "soon"),
        ("TAPE_PREDICATE_BUDGET_MS", "inf"),
    ):
        with pytest.raises(errors.ConfigurationError, match=name):
            budget.Budget.from_env({name: value})
