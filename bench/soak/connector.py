"""Imported by the soak's workers (``TAPE_IMPORTS=soak.connector``): the bank's connector."""

from __future__ import annotations

from soak.upstream import CONNECTOR, bank_connector
from tape import connectors

connectors.register(bank_connector(CONNECTOR))
