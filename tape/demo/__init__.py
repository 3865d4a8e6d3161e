"""The built-in demo ``tape dev`` runs when there is no project (no ``tape.yaml``, no
``--app``): the same agent ``tape init`` scaffolds. Importing it registers the agent, its
``wire_money`` tool and the ``bank.wire`` connector."""

from __future__ import annotations

from tape.demo import agent as agent
