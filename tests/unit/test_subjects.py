"""Journal subjects: building, percent-encoding, pattern matching and the LIKE prefilter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tape import subjects


def like(pattern: str, text: str) -> bool:
    """SQL ``LIKE pattern ESCAPE '\\'`` (case-sensitive, as on Postgres)."""
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.fullmatch("".join(out), text, flags=re.DOTALL) is not None


# -- encode_segment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        ("a/b", "a%2Fb"),
        ("", "_"),
        ("a b", "a%20b"),
        ("*", "%2A"),
        ("**", "%2A%2A"),
        ("100%", "100%25"),
        ("why?", "why%3F"),
        ("#1", "%231"),
        ("C:\\x", "C:%5Cx"),
        ("line\nbreak", "line%0Abreak"),
        ("\x1b", "%1B"),
        ("\x7f", "%7F"),
        ("\t", "%09"),
        ("plain-Segment_1.2", "plain-Segment_1.2"),
        ("héllo", "héllo"),
        ("_", "_"),
    ],
)
def test_encode_segment(raw: str, encoded: str) -> None:
    assert subjects.encode_segment(raw) == encoded


def test_encode_segment_hex_is_upper_case() -> None:
    assert subjects.encode_segment("/*?\x1a\x1f") == "%2F%2A%3F%1A%1F"
    assert "%1a" not in subjects.encode_segment("\x1a")


def test_encode_segment_of_non_strings() -> None:
    assert subjects.encode_segment(42) == "42"
    assert subjects.encode_segment(-1) == "-1"


@given(st.text())
def test_encoded_segment_is_one_safe_segment(raw: str) -> None:
    enc = subjects.encode_segment(raw)
    assert enc
    for bad in "/ *?#\\":
        assert bad not in enc
    assert all(ord(c) >= 0x20 and ord(c) != 0x7F for c in enc)
    # every % left is the start of an upper-case escape
    assert re.fullmatch(r"(?:[^%]|%[0-9A-F]{2})*", enc)


# -- build -------------------------------------------------------------------------------------


def test_build() -> None:
    assert subjects.build("effect", "pending", "send_email", "r1") == (
        "/tape/effect/pending/send_email/r1"
    )


def test_build_lower_cases_kind_and_verb_only() -> None:
    assert subjects.build("Effect", "CONFIRMED", "SendEmail", "R1") == (
        "/tape/effect/confirmed/SendEmail/R1"
    )


def test_build_encodes_dims() -> None:
    assert subjects.build("value", "written", "ns/x", "", "a b") == (
        "/tape/value/written/ns%2Fx/_/a%20b"
    )
    assert subjects.build("decision", "recorded", "r", 3) == "/tape/decision/recorded/r/3"


def test_build_without_dims() -> None:
    assert subjects.build("run", "begun") == "/tape/run/begun"


@given(st.lists(st.text(), max_size=6))
def test_built_subject_has_one_segment_per_dim(dims: list[str]) -> None:
    subject = subjects.build("kind", "verb", *dims)
    parts = subject.split("/")
    assert parts[:4] == ["", "tape", "kind", "verb"]
    assert len(parts) == 4 + len(dims)
    assert all(parts[1:])


# -- match -------------------------------------------------------------------------------------

S = "/tape/effect/pending/send_email/r1"


@pytest.mark.parametrize(
    ("pattern", "subject", "expected"),
    [
        ("", S, True),
        ("", "/anything/at/all", True),
        (S, S, True),
        ("/tape/effect/pending/send_email/r2", S, False),
        ("/tape/*/pending/*/*", S, True),
        ("/tape/*/pending", S, False),  # * is one segment, not the rest
        ("/tape/effect/pending/send_email/r1/*", S, False),
        ("/tape/*", "/tape", False),
        ("/tape/*", "/tape/a/b", False),
        ("/tape/*", "/tape/a", True),
        ("/tape/**", "/tape", True),  # ** is zero or more
        ("/tape/**", "/tape/a", True),
        ("/tape/**", S, True),
        ("/**", S, True),
        ("/tape/effect/**", S, True),
        ("/tape/effect/**", "/tape/effects/x", False),
        ("/tape/run/**", S, False),
        ("/tape/*/pending/**", S, True),
        ("/tape/*/confirmed/**", S, False),
        ("/tape/effect/pending/send_email/r1/**", S, True),
        ("/tape/effect/pend*/**", S, False),  # no partial-segment wildcards
        ("/tape/effect/pending/a%2Fb/r1", "/tape/effect/pending/a%2Fb/r1", True),
        ("/tape/effect/pending/a/b/r1", "/tape/effect/pending/a%2Fb/r1", False),
    ],
)
def test_match(pattern: str, subject: str, expected: bool) -> None:
    assert subjects.match(pattern, subject) is expected


@pytest.mark.parametrize("pattern", ["/tape/**/pending", "**/x", "/**/**", "/tape/**/*/x"])
def test_double_star_not_at_the_end_is_an_error(pattern: str) -> None:
    with pytest.raises(ValueError):
        subjects.match(pattern, "/tape/effect/pending")


@pytest.mark.parametrize("subject", ["/tape", "/other/effect", "", "/x/y/z/w/v"])
def test_double_star_not_at_the_end_is_an_error_whatever_the_subject(subject: str) -> None:
    """A bad pattern is bad on its own: read_journal validates patterns by matching them once
    against ``/tape``, so the error must not depend on the subject it is tried on."""
    with pytest.raises(ValueError):
        subjects.match("/x/y/**/z", subject)


# -- like_prefilter ----------------------------------------------------------------------------


def test_like_prefilter_empty_is_none() -> None:
    assert subjects.like_prefilter("") is None


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("/tape/effect/pending", "/tape/effect/pending"),
        ("/tape/*/pending", "/tape/%/pending"),
        ("/tape/my_tool", "/tape/my\\_tool"),
        ("/tape/a%2Fb", "/tape/a\\%2Fb"),
        ("/tape/a\\b", "/tape/a\\\\b"),
        ("/tape/*_x/*", "/tape/%\\_x/%"),
    ],
)
def test_like_prefilter_escapes(pattern: str, expected: str) -> None:
    assert subjects.like_prefilter(pattern) == expected


@pytest.mark.parametrize(
    ("pattern", "subject"),
    [
        ("/tape/my_tool", "/tape/myXtool"),
        ("/tape/100%25", "/tape/100%25-and-more"),
        ("/tape/a%2Fb", "/tape/aZZZ2Fb"),
    ],
)
def test_like_prefilter_wildcards_in_the_pattern_text_are_literal(
    pattern: str, subject: str
) -> None:
    prefilter = subjects.like_prefilter(pattern)
    assert prefilter is not None
    assert not like(prefilter, subject)
    assert like(prefilter, pattern)


@pytest.mark.parametrize(
    ("pattern", "subject"),
    [
        ("/tape/**", "/tape"),
        ("/tape/budget/set/r1/**", "/tape/budget/set/r1"),
        ("/tape/*/pending/**", "/tape/effect/pending"),
        ("tape/effect/*", "/tape/effect/x"),
        ("/tape/effect/pending/", "/tape/effect/pending"),
    ],
)
def test_like_prefilter_admits_every_subject_the_pattern_matches(
    pattern: str, subject: str
) -> None:
    """The prefilter runs in SQL before match(): it may let extra rows through, never drop one
    that match() accepts (its docstring's contract)."""
    assert subjects.match(pattern, subject)
    prefilter = subjects.like_prefilter(pattern)
    assert prefilter is not None
    assert like(prefilter, subject), (pattern, prefilter, subject)


segment = st.text(min_size=0, max_size=8)


@given(
    kind=st.sampled_from(["run", "effect", "obligation", "value", "gate"]),
    verb=st.sampled_from(["pending", "confirmed", "running", "written"]),
    dims=st.lists(segment, min_size=1, max_size=4),
    data=st.data(),
)
def test_prefilter_is_a_superset_of_match(
    kind: str, verb: str, dims: list[str], data: st.DataObject
) -> None:
    subject = subjects.build(kind, verb, *dims)
    parts = subject.strip("/").split("/")
    # a pattern the subject matches: some segments become *, maybe a tail becomes **
    pat = [p if not data.draw(st.booleans()) else "*" for p in parts]
    cut = data.draw(st.integers(min_value=1, max_value=len(pat) + 1))
    if cut <= len(pat):
        pat = [*pat[:cut], "**"]
    pattern = "/" + "/".join(pat)
    assert subjects.match(pattern, subject)
    prefilter = subjects.like_prefilter(pattern)
    assert prefilter is not None
    assert like(prefilter, subject), (pattern, prefilter, subject)
