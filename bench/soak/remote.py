"""Loaded by the soak's own dispatcher (``python -m tape.reactors.outbox --url tape://...
--load soak.remote``), and by nobody else: the connector ``soak.remote`` it drains through
``tape server``, to the soak's bank. The workers do not register it (so only that dispatcher
sends these effects); their reconciler asks the bank through the status check of
``remote_wire`` (:mod:`soak.agents`)."""

from __future__ import annotations

from soak.upstream import REMOTE_CONNECTOR, bank_connector
from tape import connectors

connectors.register(bank_connector(REMOTE_CONNECTOR))
