"""Argument checks shared by the journal client. Each raises before anything is written.

Two layers check a journal call:

- :func:`check_methods` wraps every public :class:`tape.Journal` method (and every ``tape://``
  method) so each argument is checked against its annotation before the method runs: a ``str``
  is text, an ``int`` an integer in range, a list argument a list (never a string, which would
  iterate as its characters), a mapping a mapping of the annotated types.
- the methods' own checks: non-empty names, lengths, enum values, and :func:`payload` for every
  JSON payload.

The limits (every violation is :class:`~tape.errors.InvalidArgument` or
:class:`~tape.errors.InvalidPayload`, raised before anything is written):

- text holds no NUL character and no lone surrogate (Postgres refuses both; SQLite would
  store a NUL), and is at most :data:`MAX_PAYLOAD_BYTES` characters (names much less);
- integers are 64-bit; those stored in 32-bit columns (:data:`INT32_FIELDS`) 32-bit; times
  and durations in milliseconds (``*_ms``) within +-:data:`MAX_MS`, so that now + a
  duration still fits in 64 bits; floats are finite;
- JSON payloads are at most :data:`MAX_PAYLOAD_BYTES` of UTF-8, nested at most
  :data:`MAX_PAYLOAD_DEPTH` deep, hold no ``NaN`` / ``Infinity``, only 64-bit integers, and
  strings (and keys) that are text as above.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import itertools
import json
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any, TypeVar

from tape import errors

#: Largest JSON payload (request, response, error, ...) tape journals, in bytes of UTF-8.
MAX_PAYLOAD_BYTES = 1024 * 1024
#: Deepest nesting of arrays and objects in a JSON payload (``[]`` is 1 deep).
MAX_PAYLOAD_DEPTH = 100
#: Largest identifier (run id, key, tool name, ...) in characters.
MAX_NAME_CHARS = 255
MAX_KEY_CHARS = 512
#: Most items a list argument (``scopes``, ``task_ids``, ``begin_effects``' effects) may hold.
MAX_LIST_ITEMS = 10_000
#: Integers: 64-bit signed, as the BIGINT columns hold.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
#: Largest epoch time or duration in milliseconds (2**53: ~285,000 years, exact as a float).
MAX_MS = 2**53
#: Integer arguments stored in 32-bit (INTEGER) columns.
INT32_FIELDS = frozenset(
    {
        "decision_index",
        "call_index",
        "max_attempts",
        "attempts",
        "shard",
        "num_shards",
        "max_concurrency",
        "rate_limit_per_s",
        "retry_max",
        "dlq_after_n",
        "max_events",
        "max",
        "limit",
    }
)

E = TypeVar("E")
F = TypeVar("F", bound=Callable[..., Any])

# NUL and the surrogate code points (alone they are not Unicode text; Python keeps them only
# as stand-ins for undecodable bytes). Neither can be stored in Postgres text.
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def text(
    value: str,
    field: str,
    *,
    max_chars: int = MAX_PAYLOAD_BYTES,
    error: type[errors.InvalidArgument] = errors.InvalidArgument,
) -> str:
    """``value`` if it is storable text of at most ``max_chars`` characters.

    Raises:
        InvalidArgument (or ``error``): a NUL character, a lone surrogate, or too long.
    """
    if len(value) > max_chars:
        raise error(f"{field} is longer than {max_chars} characters")
    bad = _BAD_TEXT.search(value)
    if bad is not None:
        what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate (not Unicode)"
        raise error(f"{field} contains {what} at position {bad.start()}")
    return value


def _tape_json(value: Any) -> Any:
    """JSON for tape's own values (a :class:`tape.Reconciled` an agent returns or journals)."""
    encode = getattr(value, "__tape_json__", None)
    if encode is None:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return encode()


def payload(value: Any, field: str, *, default: str = "") -> str:
    """Return ``value`` as JSON text: a str must already be JSON, anything else is encoded.

    Raises:
        InvalidPayload: not JSON, not JSON-serialisable, nested deeper than
            :data:`MAX_PAYLOAD_DEPTH`, a NaN / Infinity, an integer beyond 64 bits, a NUL or
            lone surrogate in a string.
        PayloadTooLarge: over :data:`MAX_PAYLOAD_BYTES`.
    """
    if value is None:
        return default
    if isinstance(value, str):
        if value == "":
            return default
        if len(value) > MAX_PAYLOAD_BYTES:  # at least as many bytes as characters
            raise _too_large(field, len(value))
        _check_tree(parse(value, field), field)
        text = value
    else:
        _check_tree(value, field)
        try:
            text = json.dumps(
                value, separators=(",", ":"), sort_keys=True, allow_nan=False, default=_tape_json
            )
        except (TypeError, ValueError) as exc:
            raise errors.InvalidPayload(f"{field} is not JSON-serialisable: {exc}") from None
    size = len(text.encode("utf-8"))
    if size > MAX_PAYLOAD_BYTES:
        raise _too_large(field, size)
    return text


def parse(value: str, field: str) -> Any:
    """``json.loads(value)`` of JSON text from outside, refusing what :func:`payload` refuses.

    Raises:
        InvalidPayload: not JSON (``NaN`` / ``Infinity`` included), or a value :func:`payload`
            refuses.
    """
    if not isinstance(value, str):
        raise errors.InvalidPayload(f"{field} must be JSON text, not {type(value).__name__}")
    if len(value) > MAX_PAYLOAD_BYTES:
        raise _too_large(field, len(value))
    try:
        parsed = json.loads(value, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise errors.InvalidPayload(f"{field} is not valid JSON: {exc.msg}") from None
    except RecursionError:
        # The decoder recurses per level: far deeper than MAX_PAYLOAD_DEPTH, by construction.
        raise _too_deep(field) from None
    except ValueError as exc:  # NaN / Infinity, or an integer of more than 4300 digits
        if "digits" in str(exc):
            raise _beyond_64_bits(field) from None
        raise errors.InvalidPayload(f"{field} is not valid JSON: {exc}") from None
    _check_tree(parsed, field)
    return parsed


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (numbers must be finite)")


def _too_large(field: str, size: int) -> errors.PayloadTooLarge:
    return errors.PayloadTooLarge(
        f"{field} is {size} bytes; the limit is {MAX_PAYLOAD_BYTES} bytes "
        "(store large blobs elsewhere and journal a reference)"
    )


def _beyond_64_bits(field: str) -> errors.InvalidPayload:
    return errors.InvalidPayload(f"{field} holds an integer beyond 64 bits (send it as a string)")


def _too_deep(field: str) -> errors.InvalidPayload:
    return errors.InvalidPayload(
        f"{field} is nested more than {MAX_PAYLOAD_DEPTH} levels deep (the limit)"
    )


def _check_tree(value: Any, field: str) -> None:
    """Depth, numbers and strings of a decoded JSON value, level by level (no recursion).

    Every node costs at least one byte of the encoding, so more nodes than
    :data:`MAX_PAYLOAD_BYTES` is too large (a value sharing sub-lists could otherwise be walked
    for ever). The strings and keys are checked at once, joined.
    """
    level: list[Any] = [value]
    texts: list[str] = []
    depth = nodes = 0
    while level:
        nodes += len(level)
        if nodes > MAX_PAYLOAD_BYTES:
            raise _too_large(field, nodes)
        below: list[Any] = []
        containers = False
        for item in level:
            kind = type(item)
            if kind is str:
                texts.append(item)
            elif kind is dict:
                containers = True
                texts.extend(k for k in item if type(k) is str)
                below.extend(item.values())
            elif kind is list or kind is tuple:
                containers = True
                below.extend(item)
            elif kind is int:
                if not INT64_MIN <= item <= INT64_MAX:
                    raise _beyond_64_bits(field)
            elif kind is float:
                if not math.isfinite(item):
                    raise errors.InvalidPayload(f"{field} holds {item!r}, which is not JSON")
            elif item is None or kind is bool:
                pass
            else:
                children = _subclass(item, field, texts)
                if children is not None:
                    containers = True
                    below.extend(children)
        if containers:
            depth += 1
            if depth > MAX_PAYLOAD_DEPTH:
                raise _too_deep(field)
        level = below
    bad = _BAD_TEXT.search("".join(texts))
    if bad is not None:
        what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate (not Unicode)"
        raise errors.InvalidPayload(f"{field} holds a string with {what}")


def _subclass(item: Any, field: str, texts: list[str]) -> list[Any] | None:
    """:func:`_check_tree` for instances of subclasses (an IntEnum, a str enum, an OrderedDict):
    the children of a container, None for a scalar; what is not JSON is json.dumps's."""
    if isinstance(item, str):
        texts.append(item)
    elif isinstance(item, bool):
        pass
    elif isinstance(item, int):
        if not INT64_MIN <= item <= INT64_MAX:
            raise _beyond_64_bits(field)
    elif isinstance(item, float):
        if not math.isfinite(item):
            raise errors.InvalidPayload(f"{field} holds {item!r}, which is not JSON")
    elif isinstance(item, dict):
        texts.extend(k for k in item if isinstance(k, str))
        return list(item.values())
    elif isinstance(item, list | tuple):
        return list(item)
    return None


def error_text(error: Any, field: str = "error") -> str:
    """An error description as text: a str as it is, anything else as JSON (``str()`` of
    what JSON cannot encode, such as an exception).

    Raises:
        InvalidArgument: text :func:`text` refuses; InvalidPayload: a structure
            :func:`payload` would refuse (too deep, NaN, an integer beyond 64 bits, ...).
    """
    if isinstance(error, str):
        return text(error, field)
    _check_tree(error, field)  # depth, NaN, integers and strings as in a payload
    try:
        encoded = json.dumps(error, default=str, allow_nan=False)
    except ValueError as exc:  # a circular reference
        raise errors.InvalidArgument(f"{field} cannot be encoded as JSON: {exc}") from None
    return text(encoded, field)


def required(value: str, field: str, *, max_chars: int = MAX_NAME_CHARS) -> str:
    """A non-empty string of bounded length."""
    if not isinstance(value, str) or not value.strip():
        raise errors.InvalidArgument(f"{field} must be a non-empty string")
    return optional(value, field, max_chars=max_chars)


def optional(value: str, field: str, *, max_chars: int = MAX_NAME_CHARS) -> str:
    """A possibly empty string of bounded length."""
    if not isinstance(value, str):
        raise errors.InvalidArgument(f"{field} must be a string, not {type(value).__name__}")
    return text(value, field, max_chars=max_chars)


def effect_key(idempotency_key: str, key: str) -> str:
    """The effect key given as ``idempotency_key=`` or as ``key=`` (the ``tape.v1`` proto
    field name); both may be given only if they agree.

    Raises:
        ArgumentConflict: both given, and different.
        InvalidArgument: neither given (or not a string, or too long).
    """
    primary = optional(idempotency_key, "idempotency_key", max_chars=MAX_KEY_CHARS)
    alias = optional(key, "key", max_chars=MAX_KEY_CHARS)
    if primary and alias and primary != alias:
        raise errors.ArgumentConflict(
            f"idempotency_key={primary!r} and key={alias!r} name different effects; "
            "give one of them (key= is the tape.v1 spelling of idempotency_key=)"
        )
    chosen = primary or alias
    if not chosen.strip():
        raise errors.InvalidArgument("idempotency_key (or key) must be a non-empty string")
    return chosen


def ttl(value: int, field: str = "lease_ttl_ms") -> int:
    """A positive duration in milliseconds."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_MS:
        raise errors.InvalidArgument(f"{field} must be a positive number of milliseconds")
    return value


def non_negative(value: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise errors.InvalidArgument(f"{field} must be a number >= 0")
    if isinstance(value, int):
        if not 0 <= value <= INT64_MAX:
            raise errors.InvalidArgument(f"{field} must be a number >= 0 (64-bit)")
    elif not (math.isfinite(value) and value >= 0):
        raise errors.InvalidArgument(f"{field} must be a finite number >= 0")
    return value


def limit(value: int, field: str = "limit", *, maximum: int = 10_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= maximum:
        raise errors.InvalidArgument(f"{field} must be between 1 and {maximum}")
    return value


def enum(kind: type[E], value: Any, field: str, allowed: Iterable[E] | None = None) -> E:
    """Coerce ``value`` (member, int or name) to the enum ``kind``, optionally restricted."""
    try:
        lookup: Any = kind
        member: E = lookup[value.upper()] if isinstance(value, str) else lookup(value)
    except (KeyError, ValueError, TypeError):
        shown = repr(value) if isinstance(value, str | int) else type(value).__name__
        raise errors.InvalidArgument(f"{field}: {shown[:80]} is not a {kind.__name__}") from None
    if allowed is not None:
        allowed = list(allowed)
        if member not in allowed:
            names = ", ".join(a.name for a in allowed)  # type: ignore[attr-defined]
            raise errors.InvalidArgument(
                f"{field} must be one of {names}, not {member.name}"  # type: ignore[attr-defined]
            )
    return member


# ── every argument against its annotation ─────────────────────────────────────────────────

#: A check: the value (converted: a list argument becomes a list) or a raised error.
Check = Callable[[Any, str], Any]


class _Mismatch(Exception):
    """The value is not of the annotated type (``expected`` says what would be)."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def int_range(name: str) -> tuple[int, int]:
    """The range an integer argument called ``name`` must be in."""
    if name in INT32_FIELDS:
        return INT32_MIN, INT32_MAX
    if name.endswith("_ms"):
        return -MAX_MS, MAX_MS
    return INT64_MIN, INT64_MAX


def _describe(low: int, high: int) -> str:
    if (low, high) == (INT32_MIN, INT32_MAX):
        return "a 32-bit integer"
    if (low, high) == (-MAX_MS, MAX_MS):
        return "milliseconds within +-2**53"
    return "a 64-bit integer"


def _int_check(name: str) -> Check:
    low, high = int_range(name)

    def check(value: Any, field: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Mismatch("an integer")
        if not low <= value <= high:
            raise errors.InvalidArgument(f"{field} is out of range ({_describe(low, high)})")
        return value

    return check


def _float_check(value: Any, field: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Mismatch("a number")
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise errors.InvalidArgument(f"{field} is out of range (a 64-bit number)")
    elif not math.isfinite(value):
        raise errors.InvalidArgument(f"{field} must be a finite number, not {value!r}")
    return value


def _str_check(value: Any, field: str) -> Any:
    if not isinstance(value, str):
        raise _Mismatch("a string")
    return text(value, field)


def _bool_check(value: Any, field: str) -> Any:
    if not isinstance(value, bool):
        raise _Mismatch("True or False")
    return value


def _enum_check(kind: type[Enum], name: str) -> Check:
    # A member, or its value or name (the method's validate.enum decides which are allowed).
    number = _int_check(name)

    def check(value: Any, field: str) -> Any:
        if isinstance(value, kind):
            return value
        if isinstance(value, str):
            return _str_check(value, field)
        if isinstance(value, int) and not isinstance(value, bool):
            return number(value, field)
        raise _Mismatch(f"a {kind.__name__}")

    return check


def _list_check(item: Check | None) -> Check:
    def check(value: Any, field: str) -> Any:
        if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
            raise _Mismatch("a list")
        items = list(itertools.islice(value, MAX_LIST_ITEMS + 1))
        if len(items) > MAX_LIST_ITEMS:
            raise errors.InvalidArgument(f"{field} has more than {MAX_LIST_ITEMS} items")
        if item is None:
            return items
        return [_run(item, v, f"{field}[{i}]") for i, v in enumerate(items)]

    return check


def _mapping_check(key: Check | None, value_check: Check | None) -> Check:
    def check(value: Any, field: str) -> Any:
        if not isinstance(value, Mapping):
            raise _Mismatch("a mapping")
        if len(value) > MAX_LIST_ITEMS:
            raise errors.InvalidArgument(f"{field} has more than {MAX_LIST_ITEMS} items")
        for k, v in value.items():
            if key is not None:
                _run(key, k, f"{field} key")
            if value_check is not None:
                _run(value_check, v, f"{field}[{str(k)[:40]!r}]")
        return value

    return check


def _tuple_check(items: list[Check | None]) -> Check:
    def check(value: Any, field: str) -> Any:
        if not isinstance(value, tuple | list) or len(value) != len(items):
            raise _Mismatch(f"a tuple of {len(items)}")
        return tuple(
            v if c is None else _run(c, v, f"{field}[{i}]")
            for i, (c, v) in enumerate(zip(items, value, strict=True))
        )

    return check


def _literal_check(allowed: tuple[Any, ...]) -> Check:
    def check(value: Any, field: str) -> Any:
        if value not in allowed or isinstance(value, bool):
            raise _Mismatch(" or ".join(repr(a) for a in allowed))
        return value

    return check


def _record_check(cls: type[Any]) -> Check:
    # A record's fields by their own annotations; its ``*_json`` text fields are payloads.
    fields: list[tuple[str, Check | None]] | None = None

    def check(value: Any, field: str) -> Any:
        nonlocal fields
        if not isinstance(value, cls):
            raise _Mismatch(f"a {cls.__name__}")
        if fields is None:
            hints = typing.get_type_hints(cls)
            fields = [(f.name, _check_for(hints[f.name], f.name)) for f in dataclasses.fields(cls)]
        for name, field_check in fields:
            item = getattr(value, name)
            if name.endswith("_json") and isinstance(item, str):
                payload(item, f"{field}.{name}")
            elif field_check is not None:
                _run(field_check, item, f"{field}.{name}")
        return value

    return check


def _union_check(options: list[Check | None], allow_none: bool) -> Check:
    def check(value: Any, field: str) -> Any:
        if value is None and allow_none:
            return None
        expected = []
        for option in options:
            if option is None:
                return value
            try:
                return option(value, field)
            except _Mismatch as exc:
                expected.append(exc.expected)
        raise _Mismatch(" or ".join(expected))

    return check


def _check_for(hint: Any, name: str) -> Check | None:
    """The check of an argument annotated ``hint`` (None: nothing to check, e.g. ``Any``)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any or hint is type(None):
        return None
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return _union_check([_check_for(a, name) for a in options], len(options) < len(args))
    if origin is typing.Literal:
        return _literal_check(args)
    if hint is str:
        return _str_check
    if hint is bool:
        return _bool_check
    if hint is int:
        return _int_check(name)
    if hint is float:
        return _float_check
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum_check(hint, name)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record_check(hint)
    if origin is tuple and args and args[-1] is not Ellipsis:
        return _tuple_check([_check_for(a, name) for a in args])
    if isinstance(origin, type) and issubclass(origin, Mapping):
        key_hint, value_hint = args or (Any, Any)
        return _mapping_check(_check_for(key_hint, name), _check_for(value_hint, name))
    if isinstance(origin, type) and issubclass(origin, Iterable) and origin is not str:
        return _list_check(_check_for(args[0], name) if args else None)
    return None


def _run(check: Check, value: Any, field: str) -> Any:
    try:
        return check(value, field)
    except _Mismatch as exc:
        raise errors.InvalidArgument(
            f"{field} must be {exc.expected}, not {type(value).__name__}"
        ) from None


def checked(function: F) -> F:
    """``function`` with every annotated argument checked first (see the module docstring).

    Raises (from the returned function):
        InvalidArgument: an argument of the wrong type or out of range; nothing was called.
    """
    hints = typing.get_type_hints(function)
    parameters = list(inspect.signature(function).parameters.values())
    checks = {
        p.name: c
        for p in parameters
        if p.name in hints and (c := _check_for(hints[p.name], p.name)) is not None
    }
    positional = [
        p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) > 1:  # args[0] is self
            args = tuple(
                _run(checks[positional[i]], value, positional[i])
                if i < len(positional) and positional[i] in checks
                else value
                for i, value in enumerate(args)
            )
        for name, value in kwargs.items():
            check = checks.get(name)
            if check is not None:
                kwargs[name] = _run(check, value, name)
        return function(*args, **kwargs)

    wrapper.__tape_checked__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def check_methods(cls: type[Any]) -> None:
    """Wrap every public method of ``cls`` (its own and inherited) in :func:`checked`, once."""
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if name.startswith("_") or getattr(member, "__tape_checked__", False):
            continue
        setattr(cls, name, checked(member))
