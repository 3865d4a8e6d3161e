"""Loaded by the soak's own dispatcher (``python -m tape.reactors.outbox --url tape://...
--load soak.remote``), and by nobody else: the connector ``soak.remote`` it drains through
``tape server``, to the soak's bank. The workers do not register it (so only that dispatcher
sends these effects); their reconciler asks the bank through the status check of
``remote_wire`` (:mod:`soak.agents`)."""

from __future__ import annotations

import os

from soak.upstream import REMOTE_CONNECTOR
from tape import connectors
from tape.connectors.http import HTTPConnector

_url = os.environ["SOAK_UPSTREAM_URL"]
connectors.register(
    HTTPConnector(
        name=REMOTE_CONNECTOR,
        endpoint=f"{_url}/wires",
        observe_endpoint=f"{_url}/wires/lookup",
        timeout_s=float(os.environ.get("SOAK_HTTP_TIMEOUT_S", "2")),
    )
)
