"""Imported by the soak's workers (``TAPE_IMPORTS=soak.connector``): the bank's connector."""

from __future__ import annotations

import os

from soak.upstream import CONNECTOR
from tape import connectors
from tape.connectors.http import HTTPConnector

_url = os.environ["SOAK_UPSTREAM_URL"]
connectors.register(
    HTTPConnector(
        name=CONNECTOR,
        endpoint=f"{_url}/wires",
        observe_endpoint=f"{_url}/wires/lookup",
        timeout_s=float(os.environ.get("SOAK_HTTP_TIMEOUT_S", "2")),
    )
)
