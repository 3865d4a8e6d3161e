"""The ``requests`` transport of webhook sinks: a connection to a non-public peer is closed
before anything is sent (the socket-level check of :mod:`tape.events.egress`).

Kept apart from the address policy so that declaring a reaction does not import ``requests``.
"""

from __future__ import annotations

import socket
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection

from tape.events import egress


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        egress.check_peer(sock, self.host)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # before the TLS handshake: nothing sent yet
        egress.check_peer(sock, self.host)
        return sock


class _GuardedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """A ``requests`` adapter whose direct connections refuse non-public peers."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


def session(*, public_only: bool) -> requests.Session:
    """A session for webhook posts; ``public_only``: its direct connections reach only public
    addresses."""
    made = requests.Session()
    if public_only:
        adapter = PublicOnlyAdapter()
        made.mount("http://", adapter)
        made.mount("https://", adapter)
    return made
