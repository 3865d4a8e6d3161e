"""A scripted HTTP upstream for the parity harness: each path answers one way, every call is kept.

=======  ==============================================  =====================================
path     answer                                          what the HTTP connector makes of it
=======  ==============================================  =====================================
/ok      200 ``{"id": "up-<n>"}``                        confirmed, external_ref ``up-<n>``
/dup     409 ``{"id": "dup-<n>"}``                       confirmed (a duplicate: it landed)
/bad     400                                             failed, not retryable
/busy    429                                             failed, retryable
/boom    500                                             unknown
/slow    200 ``{"id": ...}`` after :data:`SLOW_S`        confirmed
=======  ==============================================  =====================================
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: How long /slow takes to answer: long enough that two racing dispatchers overlap.
SLOW_S = 0.3

_STATUS = {"/ok": 200, "/dup": 409, "/bad": 400, "/busy": 429, "/boom": 500, "/slow": 200}


@dataclass(frozen=True)
class Call:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Upstream:
    """The server and what it was sent; :meth:`start` it, :meth:`stop` it."""

    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    #: A port bound and never listened on: connecting to it is refused, before any byte is sent.
    refused: socket.socket | None = None

    def start(self) -> Upstream:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = self.path.split("?")[0].rstrip("/") or "/"
                with upstream.lock:
                    upstream.calls.append(Call(path, dict(self.headers.items()), body))
                    n = len(upstream.calls)
                if path == "/slow":
                    time.sleep(SLOW_S)
                status = _STATUS.get(path, 404)
                reply = json.dumps({"id": f"{'dup' if status == 409 else 'up'}-{n}"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the harness prints rows, not access logs

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.refused = socket.socket()
        self.refused.bind(("127.0.0.1", 0))
        return self

    def url(self, path: str) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def refused_url(self) -> str:
        assert self.refused is not None
        return f"http://127.0.0.1:{self.refused.getsockname()[1]}/never"

    def count(self, key: str) -> int:
        """Calls made with this Idempotency-Key."""
        return len(self.calls_for(key))

    def calls_for(self, key: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.headers.get("Idempotency-Key") == key]

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(c.headers.get("Idempotency-Key", "") for c in self.calls)

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.refused is not None:
            self.refused.close()
