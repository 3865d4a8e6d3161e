"""Predicates that attack the CEL binding (tests/support/predicate_reactions.py declares
reactions with some of them for a test worker)."""

from __future__ import annotations

#: Segfaulted the process that compiled it (exit 139) before the limits.
FLAT = "1 + " * 50000 + "1 == 0"
#: Short enough to pass as one command-line argument (128 KiB), and still a segfault before.
FLAT_ARGV = "1 + " * 30000 + "1 == 0"
#: Brackets nested past the parser's own limit (an error) and past the nesting limit.
DEEP = "(" * 500 + "1" + ")" * 500
#: Raised pyo3's PanicException (a BaseException) while the binding formatted its error.
PANIC = "(" * 100_000

_ITEMS = "[" + ",".join(str(i) for i in range(230)) + "]"
_BODY = "string(a) + string(b) + string(a + b) + string(a * b) + string(a - b) != 'x'"
#: Within every size limit, and about 50 ms of CPU per evaluation on the test machine:
#: 52,900 steps of two nested comprehensions over literal lists.
SLOW = f"{_ITEMS}.all(a, {_ITEMS}.all(b, {_BODY}))"
#: Cheap on every sample envelope (none has the key "bomb"), as slow as SLOW on a value row
#: whose key is "bomb": only real rows show what it costs. A ternary, because CEL's ``&&``
#: still evaluates its right side when the left one is an error (a sample without the key).
SLOW_ON_BOMB_ROWS = f"payload.key == 'bomb' ? {SLOW} : false"
#: What the fast reaction of the worker matches.
FAST = "payload.key.startsWith('k')"
