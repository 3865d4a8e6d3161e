"""Connectors for real worker processes: ``TAPE_IMPORTS=tests.support.worker_connectors``.

Registered at import, from environment variables set by the test that starts the worker:

- ``bank.wire``: an :class:`~tape.connectors.http.HTTPConnector` against ``BANK_URL`` (a
  :class:`~tape.testing.FakeUpstream` in the test process), timeout ``BANK_TIMEOUT_S``
  (default 5 s), sending ``Authorization: <BANK_AUTH>`` when that is set.
- ``bank.crash``: like ``bank.wire``, but the first dispatch in any process SIGKILLs that
  process after the upstream answered (marker file ``CRASH_MARKER``; see
  :class:`tests.support.outbox_connectors.CrashAfterCommit`).
- ``bank.rendezvous`` (when ``RENDEZVOUS_DIR`` is set): like ``bank.wire``, but each process's
  first dispatch waits until two processes are dispatching (see
  :class:`tests.support.outbox_connectors.Rendezvous`).
"""

from __future__ import annotations

import os

from tape import connectors
from tests.support.outbox_connectors import CrashAfterCommit, Rendezvous, bank_connector


def register_from_env() -> None:
    base_url = os.environ.get("BANK_URL", "")
    if base_url:
        timeout = float(os.environ.get("BANK_TIMEOUT_S", "5"))
        auth = os.environ.get("BANK_AUTH", "")
        headers = {"Authorization": auth} if auth else {}
        connectors.register(bank_connector(base_url, timeout_s=timeout, headers=headers))
        if os.environ.get("RENDEZVOUS_DIR"):
            connectors.register(
                Rendezvous(
                    bank_connector(base_url, "bank.rendezvous", timeout),
                    os.environ["RENDEZVOUS_DIR"],
                )
            )
        connectors.register(
            CrashAfterCommit(
                bank_connector(base_url, "bank.crash", timeout), os.environ.get("CRASH_MARKER", "")
            )
        )


register_from_env()
