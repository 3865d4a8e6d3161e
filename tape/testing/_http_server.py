"""The threaded HTTP/1.1 server under :class:`tape.testing.FakeUpstream`.

It tracks its open connections so they can be dropped on demand (a refused upstream must not
keep answering on old keep-alive sockets), and it closes inherited sockets in forked children
so a fault injected in the parent still takes effect on the wire.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import socketserver
import struct
import threading
import weakref
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

Route = Callable[["Handler", str], None]


class Server(ThreadingHTTPServer):
    """Serves every request by calling ``route(handler, method)`` in a handler thread."""

    daemon_threads = True
    request_queue_size = 1024  # several processes hammer it; the default backlog is 5

    def __init__(self, port: int, route: Route) -> None:
        self.route = route
        self.connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), Handler)
        _live.add(self)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, a DNS round trip we do not need.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients time out and vanish on purpose in these tests

    def track(self, conn: socket.socket, *, add: bool) -> None:
        with self._connections_lock:
            if add:
                self.connections.add(conn)
            else:
                self.connections.discard(conn)

    def close_all(self) -> None:
        """Stop accepting, stop listening, and half-close every open connection."""
        self.shutdown()
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)
        self.server_close()
        with self._connections_lock:
            connections, self.connections = set(self.connections), set()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)  # FIN now, even while a reply is mid-sleep


class Handler(BaseHTTPRequestHandler):
    """Keep-alive request handler with the helpers the fake upstream's routes need."""

    protocol_version = "HTTP/1.1"  # keep-alive, as real clients expect
    timeout = 60

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; with Nagle on, the body waits for the
        # client's delayed ACK (~40 ms a request).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._server().track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._server().track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._server().route(self, "GET")

    def do_POST(self) -> None:
        self._server().route(self, "POST")

    def _server(self) -> Server:
        return cast(Server, self.server)

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def reply(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> None:
        """Send ``body`` (dict/list as JSON, str/bytes as text, None as empty) and ``headers``."""
        if isinstance(body, bytes | str):
            data, ctype = (body.encode() if isinstance(body, str) else body), "text/plain"
        else:
            data, ctype = (b"" if body is None else json.dumps(body).encode()), "application/json"
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client gave up (e.g. its read timeout)

    def abort(self) -> None:
        """Close the socket with an RST and no reply, as a crashed proxy would."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            linger = struct.pack("ii", 1, 0)  # linger on, 0 s: close() sends RST, not FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.rfile.close()  # drop makefile()'s reference so close() really closes
            self.connection.close()


_live: weakref.WeakSet[Server] = weakref.WeakSet()


def _close_inherited_sockets() -> None:
    # A forked child inherits the listening and connection sockets. If it kept them, refuse()
    # and reset_connection() in the parent could not take effect (the kernel keeps the port
    # open and sends no RST while the child holds a copy). Detach first so the child's socket
    # objects never close a recycled fd number later. No locks: one may be held by a thread
    # that does not exist in the child.
    for server in list(_live):
        for sock in [*server.connections, server.socket]:
            with contextlib.suppress(OSError):
                os.close(sock.detach())
        server.connections = set()


os.register_at_fork(after_in_child=_close_inherited_sockets)
