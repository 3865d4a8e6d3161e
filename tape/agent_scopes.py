"""What each agent declared in this process grants its runs (``@tape.agent(scopes=...)``).

:func:`tape.agent` fills it when an agent is declared; code below the SDK that starts runs of
an agent by name (the event bus's matcher) reads it, so those runs are granted what
``.delay()`` grants. Its own module so that reading it imports no agent code.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_scopes: dict[str, tuple[str, ...]] = {}


def declare(agent_name: str, scopes: tuple[str, ...]) -> None:
    """Record the scopes agent ``agent_name`` grants every run."""
    with _lock:
        _scopes[agent_name] = tuple(scopes)


def of(agent_name: str) -> tuple[str, ...]:
    """The scopes agent ``agent_name`` grants every run; none for an agent not declared here."""
    return _scopes.get(agent_name, ())
