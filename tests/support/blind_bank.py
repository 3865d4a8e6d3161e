"""A bank connector that cannot observe, for real worker processes (issue 8, tests 1 and 2):
``TAPE_IMPORTS=tests.support.blind_bank``.

Registered at import, from environment variables set by the test that starts the worker:

- ``bank.blind``: an :class:`~tape.connectors.http.HTTPConnector` against ``BANK_URL`` (a
  :class:`~tape.testing.FakeUpstream`) with no ``observe_endpoint``, the common first setup:
  it can dispatch and compensate, but it cannot ask the bank what happened. Timeout
  ``BANK_TIMEOUT_S`` (default 5 s).
- a status check for the tool ``wire_checked``: it reads the bank's books
  (``GET /wires/lookup?key=<business key>``) and answers ``{"count": n}``. The tool
  ``wire_money`` has none.
"""

from __future__ import annotations

import os
from typing import Any

import requests

from tape import connectors, registry
from tape.connectors.http import HTTPConnector

CHECKED_TOOL = "wire_checked"


def check_the_books(effect: Any) -> dict[str, Any]:
    """How many wires the bank booked under the effect's business key (raises when the bank
    cannot be asked: the reconciler records that as inconclusive)."""
    base_url = os.environ["BANK_URL"]
    reply = requests.get(f"{base_url}/wires/lookup", params={"key": effect.business_key}, timeout=5)
    reply.raise_for_status()
    return {"count": int(reply.json()["count"])}


def register_from_env() -> None:
    base_url = os.environ.get("BANK_URL", "")
    if not base_url:
        return
    connectors.register(
        HTTPConnector(
            name="bank.blind",
            endpoint=f"{base_url}/wires",
            compensate_endpoint=f"{base_url}/wires/reverse",
            timeout_s=float(os.environ.get("BANK_TIMEOUT_S", "5")),
        )
    )
    registry.register_status_check(CHECKED_TOOL, check_the_books)


register_from_env()
