"""The size and shape limits of a CEL predicate, checked in pure Python before the binding
(``common-expression-language``, Rust through pyo3) ever sees the text.

Why: the binding recurses once per level of its syntax tree when it parses, evaluates and frees
a program, with no depth limit of its own past the parser's, so a long enough chain of
operators overflows the native stack and kills the process (SIGSEGV, exit 139: no Python
exception, no ``finally``). Measured with 0.10 (experiments in subprocesses):

- ``"1 + " * 15000 + "1 == 0"`` compiles on an 8 MiB main-thread stack and segfaults when it
  runs; member (``x.a.a...``) and index (``x[0][0]...``) chains do the same. On a 256 KiB
  thread stack, evaluation survives an operator chain of 375 levels (about 700 bytes of stack
  each), a member chain over a nested map of 240 and an index chain over nested lists of 156
  (about 1.6 KiB each, the worst shape found); parsing needs less.
- Brackets of any kind nested about 96 deep are refused by the parser itself (an error,
  no crash).
- A parse error past column 65535 panics while formatting the message (``PanicException``, a
  ``BaseException``): ``"(" * 65535`` does.
- ``!`` and ``-`` runs and ``&&`` / ``||`` chains do not overflow there; they are counted
  anyway.

Every node of a CEL syntax tree that has children comes from an operator token (binary, unary,
``? :``, ``.`` selection, ``[`` index or list, ``{`` map, ``(`` call), so the tree is at most
:data:`MAX_PREDICATE_OPERATORS` + a few levels deep (a comprehension macro adds a constant
three): about 110 KiB of stack in the worst shape, under half of 256 KiB, and CPython threads
get 8 MiB on Linux (glibc takes ``ulimit -s``). A test runs the worst shapes within the limits
on a 256 KiB thread. The limits leave ample room for real filters: every predicate in tape's
tests, docs and README is under 40 characters and 6 operators; 20 ``||`` alternatives of
``payload.tool == "x"`` fit (``payload.tool in [...]`` takes any number).

The scanner follows the lexical grammar of CEL (``CEL.g4``: strings with ``r``/``b`` prefixes,
triple quotes and escapes, ``//`` comments), so an operator inside a string or a comment is not
counted, and one outside is never hidden: a string that does not end, an escape the grammar
does not have, or a closing bracket that does not match is refused here (the binding refuses
them too). Anything else it does not know (a backquoted identifier, a stray character) is
read as code, so its ``.``, ``-`` or ``/`` count as operators: counting too much is safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from tape import errors

#: Longest predicate, in characters. Far below the 65535-column parse error that panics; a
#: filter over a row is a line or two of CEL.
MAX_PREDICATE_CHARS = 4096
#: Deepest nesting of ``(``, ``[`` and ``{`` together (the parser refuses about 96).
MAX_PREDICATE_DEPTH = 32
#: Most tokens (identifiers, literals, operators, punctuation): bounds the size of list and map
#: literals, and so the work of a comprehension over one.
MAX_PREDICATE_TOKENS = 1024
#: Most operator tokens (see the module docstring): bounds the depth of the syntax tree.
MAX_PREDICATE_OPERATORS = 64
#: Deepest nesting of comprehension macros (``all``, ``exists``, ``map``, ...): a loop inside a
#: loop inside a loop over literal lists of a few hundred items is already millions of steps,
#: which no single evaluation can be interrupted in (the binding holds the GIL).
MAX_MACRO_NESTING = 2
#: Most ``matches(...)`` calls. Each compiles its regex again on every evaluation, which takes
#: up to ~100 ms for a pattern such as ``\w{500}`` (the binding's size limit then refuses
#: it); for the same reason none may stand inside a comprehension.
MAX_REGEX_CALLS = 4

#: Receiver-style macros of CEL and cel-rust that loop over their receiver.
MACROS = frozenset(
    {
        "all",
        "exists",
        "exists_one",
        "existsOne",
        "map",
        "filter",
        "sortBy",
        "transformList",
        "transformMap",
        "transformMapEntry",
    }
)

_CLOSING = {")": "(", "]": "[", "}": "{"}
_TWO_CHAR_OPERATORS = frozenset({"==", "!=", "<=", ">=", "&&", "||"})
_ONE_CHAR_OPERATORS = frozenset("+-*/%!<>?:.")
_WHITESPACE = frozenset(" \t\r\n\f")
_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENT_CHARS = _IDENT_START | frozenset("0123456789")
_DIGITS = frozenset("0123456789")
_HEX = _DIGITS | frozenset("abcdefABCDEF")
_OCTAL = frozenset("01234567")
#: Characters a backslash may escape in a CEL string (besides x, u, U and octal digits).
_SIMPLE_ESCAPES = frozenset("abfnrtv\"'\\?`")
#: String prefixes (an identifier directly before a quote) -> raw (backslashes are literal).
_PREFIXES = {"r": True, "R": True, "b": False, "B": False, "br": True, "bR": True}
_PREFIXES |= {"Br": True, "BR": True}


@dataclass(frozen=True, slots=True)
class Shape:
    """What the scanner measured; ``paths`` are the ``payload.a.b`` selections it saw."""

    chars: int
    tokens: int
    operators: int
    depth: int
    macro_depth: int
    fields: frozenset[str]
    paths: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # ident, number, string, operator, open, close, comma, other
    text: str
    column: int


def _refuse(message: str) -> errors.InvalidPredicate:
    return errors.InvalidPredicate(f"predicate refused: {message}")


def scan(source: str) -> Shape:
    """Measure ``source`` and refuse it if it is over any limit.

    Raises:
        InvalidPredicate: over a limit (naming it), or a string, comment or bracket that
            cannot be CEL.
    """
    if not isinstance(source, str):
        raise errors.InvalidPredicate("predicate must be a string of CEL")
    if len(source) > MAX_PREDICATE_CHARS:
        raise _refuse(
            f"it is {len(source)} characters; the limit is {MAX_PREDICATE_CHARS} "
            "(MAX_PREDICATE_CHARS)"
        )
    if "\x00" in source:
        raise _refuse("it holds a NUL character")
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raise _refuse("it is not valid Unicode text (a lone surrogate)") from None
    tokens = _lex(source)
    if len(tokens) > MAX_PREDICATE_TOKENS:
        raise _refuse(
            f"it has {len(tokens)} tokens; the limit is {MAX_PREDICATE_TOKENS} "
            "(MAX_PREDICATE_TOKENS)"
        )
    return _measure(source, tokens)


def _measure(source: str, tokens: list[_Token]) -> Shape:
    operators = depth = deepest = macros = deepest_macro = regexes = 0
    frames: list[tuple[str, bool]] = []  # (opening bracket, is a macro call)
    fields: set[str] = set()
    paths: list[tuple[str, ...]] = []
    for i, token in enumerate(tokens):
        prev = tokens[i - 1].text if i else ""
        if token.kind in ("operator", "open"):
            operators += 1
        if token.kind == "open":
            # A macro call: '.', a macro name, '(' (its body is the loop).
            is_macro = token.text == "(" and i > 1 and prev in MACROS and tokens[i - 2].text == "."
            frames.append((token.text, is_macro))
            depth += 1
            macros += is_macro
            deepest = max(deepest, depth)
            deepest_macro = max(deepest_macro, macros)
        elif token.kind == "close":
            if not frames or frames[-1][0] != _CLOSING[token.text]:
                raise _refuse(f"unbalanced {token.text!r} at column {token.column}")
            _, was_macro = frames.pop()
            depth -= 1
            macros -= was_macro
        elif token.kind == "ident" and prev == "." and _next(tokens, i) != "(":
            fields.add(token.text)
        elif token.kind == "ident" and token.text == "matches" and _next(tokens, i) == "(":
            regexes += 1
            if macros:
                raise _refuse(
                    f"matches() at column {token.column} stands inside a comprehension (all, "
                    "exists, map, ...), which would compile its regex on every step"
                )
        if token.kind == "ident" and token.text == "payload" and prev != ".":
            paths.append(_path(tokens, i + 1))
    if frames:
        raise _refuse(f"{frames[-1][0]!r} is never closed")
    if deepest > MAX_PREDICATE_DEPTH:
        raise _refuse(
            f"brackets nest {deepest} deep; the limit is {MAX_PREDICATE_DEPTH} "
            "(MAX_PREDICATE_DEPTH)"
        )
    if operators > MAX_PREDICATE_OPERATORS:
        raise _refuse(
            f"it has {operators} operators; the limit is {MAX_PREDICATE_OPERATORS} "
            "(MAX_PREDICATE_OPERATORS)"
        )
    if regexes > MAX_REGEX_CALLS:
        raise _refuse(
            f"it calls matches() {regexes} times; the limit is {MAX_REGEX_CALLS} (MAX_REGEX_CALLS)"
        )
    if deepest_macro > MAX_MACRO_NESTING:
        raise _refuse(
            f"comprehensions (all, exists, map, ...) nest {deepest_macro} deep; the limit is "
            f"{MAX_MACRO_NESTING} (MAX_MACRO_NESTING)"
        )
    return Shape(
        chars=len(source),
        tokens=len(tokens),
        operators=operators,
        depth=deepest,
        macro_depth=deepest_macro,
        fields=frozenset(fields),
        paths=tuple(p for p in paths if p),
    )


def _next(tokens: list[_Token], i: int) -> str:
    return tokens[i + 1].text if i + 1 < len(tokens) else ""


def _path(tokens: list[_Token], start: int) -> tuple[str, ...]:
    """The field names of ``payload.a.b`` from ``start`` (just after ``payload``)."""
    names: list[str] = []
    i = start
    while i + 1 < len(tokens) and tokens[i].text == "." and tokens[i + 1].kind == "ident":
        if i + 2 < len(tokens) and tokens[i + 2].text == "(":
            break  # a method call (payload.items.size()), not a field
        names.append(tokens[i + 1].text)
        i += 2
    return tuple(names)


def _lex(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c in _WHITESPACE:
            i += 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in _IDENT_START:
            j = i + 1
            while j < n and source[j] in _IDENT_CHARS:
                j += 1
            word = source[i:j]
            if j < n and source[j] in "'\"" and word in _PREFIXES:
                end = _string_end(source, j, raw=_PREFIXES[word])
                tokens.append(_Token("string", source[i:end], i + 1))
                i = end
            else:
                kind = "operator" if word == "in" else "ident"
                tokens.append(_Token(kind, word, i + 1))
                i = j
        elif c in _DIGITS:
            end = _number_end(source, i)
            tokens.append(_Token("number", source[i:end], i + 1))
            i = end
        elif c in "'\"":
            end = _string_end(source, i, raw=False)
            tokens.append(_Token("string", source[i:end], i + 1))
            i = end
        elif source[i : i + 2] in _TWO_CHAR_OPERATORS:
            tokens.append(_Token("operator", source[i : i + 2], i + 1))
            i += 2
        elif c in "([{":
            tokens.append(_Token("open", c, i + 1))
            i += 1
        elif c in _CLOSING:
            tokens.append(_Token("close", c, i + 1))
            i += 1
        elif c in _ONE_CHAR_OPERATORS:
            tokens.append(_Token("operator", c, i + 1))
            i += 1
        elif c == ",":
            tokens.append(_Token("comma", c, i + 1))
            i += 1
        else:
            tokens.append(_Token("other", c, i + 1))
            i += 1
    return tokens


def _digits(source: str, i: int, allowed: frozenset[str] = _DIGITS) -> int:
    while i < len(source) and source[i] in allowed:
        i += 1
    return i


def _number_end(source: str, start: int) -> int:
    """The index just past the number at ``start``, as ``CEL.g4`` reads it: ``0x`` and hex
    digits, or digits with an optional fraction and exponent; then an optional ``u``. What
    follows (``1r'x'``) is lexed on its own, as the binding does."""
    n = len(source)
    if source.startswith(("0x", "0X"), start) and _digits(source, start + 2, _HEX) > start + 2:
        i = _digits(source, start + 2, _HEX)
    else:
        i = _digits(source, start)
        if i + 1 < n and source[i] == "." and source[i + 1] in _DIGITS:
            i = _digits(source, i + 1)
        if i < n and source[i] in "eE":
            j = i + 1
            if j < n and source[j] in "+-":
                j += 1
            if j < n and source[j] in _DIGITS:
                i = _digits(source, j)
    if i < n and source[i] in "uU":
        i += 1
    return i


def _string_end(source: str, start: int, *, raw: bool) -> int:
    """The index just past the string literal whose first quote is at ``start``.

    As ``CEL.g4``: a triple-quoted string ends at the first unescaped triple quote (raw: the
    first one) and may span lines; a single-quoted one ends at its first unescaped quote and
    may not; a backslash escapes the next character unless the string is raw.
    """
    quote = source[start]
    triple = source.startswith(quote * 3, start)
    closing = quote * 3 if triple else quote
    i = start + len(closing)
    n = len(source)
    while i < n:
        c = source[i]
        if c == "\\" and not raw:
            i = _escape_end(source, i)
            continue
        if source.startswith(closing, i):
            return i + len(closing)
        if not triple and c in "\r\n":
            break
        i += 1
    raise _refuse(f"the string starting at column {start + 1} never ends")


def _escape_end(source: str, i: int) -> int:
    """The index just past the escape sequence at ``i`` (a backslash).

    An escape the grammar does not have is refused: the binding's lexer would drop the
    string there and read the rest as code, which this scanner must not miss.
    """
    nxt = source[i + 1 : i + 2]
    if nxt and nxt in _SIMPLE_ESCAPES:
        return i + 2
    for lead, width, allowed in (("x", 2, _HEX), ("X", 2, _HEX), ("u", 4, _HEX), ("U", 8, _HEX)):
        if nxt == lead:
            digits = source[i + 2 : i + 2 + width]
            if len(digits) == width and all(d in allowed for d in digits):
                return i + 2 + width
            break
    else:
        octal = source[i + 1 : i + 4]
        if len(octal) == 3 and octal[0] in "0123" and all(d in _OCTAL for d in octal):
            return i + 4
    raise _refuse(f"invalid escape sequence at column {i + 1}")
