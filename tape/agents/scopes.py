"""Authorization scopes an agent's runs must be granted, checked before a run's first effect.

A tool declared with ``scope=`` (``@tape.effect`` or ``@tape.outbox_tool``, inline or outbox,
any semantics: one rule) may only be called by a run granted that scope. Scopes are granted
when a run is created: ``@tape.agent(scopes=[...])`` for every run of the agent, merged with
``.delay(..., scopes=[...])`` and ``tape run --scope S`` for one run.

The check is made up front, against the agent's tool set: the tools listed in
``@tape.agent(tools=[...])`` and the tools its function names in its code (a global or closure
variable, ``module.tool``, also inside nested functions, lambdas and comprehensions). A tool
reached another way (through a helper function, or handed to an agent framework at module
level) is not seen here; list it in ``tools=`` to have it checked up front, otherwise it is
still checked when it is called (``begin_effect``), before its own effect is written.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from typing import Any

from tape import errors, validate
from tape.agents import outbox, tools

Tool = tools.EffectTool[Any, Any] | outbox.OutboxTool[Any]


def is_tool(value: Any) -> bool:
    """Whether ``value`` is a tool built by ``@tape.effect`` or ``@tape.outbox_tool``."""
    return isinstance(value, (tools.EffectTool, outbox.OutboxTool))


def grants(scopes: Iterable[str], what: str) -> tuple[str, ...]:
    """``scopes`` checked (a list of non-empty strings, never one string), sorted, unique.

    Raises:
        InvalidArgument: a string instead of a list, or an empty or non-string scope.
    """
    if isinstance(scopes, str) or not isinstance(scopes, Iterable):
        raise errors.InvalidArgument(
            f"{what} must be a list of scope names, not {type(scopes).__name__}"
        )
    return tuple(sorted({validate.required(scope, "scope") for scope in scopes}))


def _referenced(code: types.CodeType, namespace: dict[str, Any], found: dict[int, Any]) -> None:
    names = set(code.co_names) | set(code.co_freevars)
    for name in names:
        value = namespace.get(name)
        if is_tool(value):
            found[id(value)] = value
        elif isinstance(value, types.ModuleType):
            # ``module.tool(...)``: the attribute's name is in co_names too.
            for attribute in names:
                member = getattr(value, attribute, None)
                if is_tool(member):
                    found[id(member)] = member
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _referenced(const, namespace, found)


def tool_set(fn: Callable[..., Any], declared: Iterable[Any] = ()) -> list[Any]:
    """The tools an agent function may call: ``declared`` and those its code names."""
    found: dict[int, Any] = {id(tool): tool for tool in declared}
    code = getattr(fn, "__code__", None)
    if isinstance(code, types.CodeType):
        namespace = dict(getattr(fn, "__globals__", {}))
        for name, cell in zip(code.co_freevars, fn.__closure__ or (), strict=True):
            try:
                namespace[name] = cell.cell_contents
            except ValueError:  # an empty cell: the variable is not bound yet
                continue
        _referenced(code, namespace, found)
    return list(found.values())


def needed(tool_list: Iterable[Any]) -> dict[str, list[str]]:
    """Each scope the tools require, with the names of the tools that require it."""
    scopes: dict[str, list[str]] = {}
    for tool in tool_list:
        if tool.scope:
            scopes.setdefault(tool.scope, []).append(tool.name)
    return {scope: sorted(set(names)) for scope, names in sorted(scopes.items())}


def missing(required: dict[str, list[str]], granted: Iterable[str]) -> dict[str, list[str]]:
    """The required scopes (with their tools) that ``granted`` lacks."""
    have = set(granted)
    return {scope: names for scope, names in required.items() if scope not in have}


def denial(agent: str, lacking: dict[str, list[str]], granted: Iterable[str]) -> str:
    """The :class:`~tape.errors.ScopeDenied` message for a run refused up front."""
    needs = "; ".join(
        f"{', '.join(names)} requires scope {scope!r}" for scope, names in lacking.items()
    )
    have = ", ".join(sorted(granted)) or "none"
    return (
        f"agent {agent!r} cannot start: {needs} (granted: {have}). "
        f"{errors.scope_grant_hint(list(lacking))}"
    )
