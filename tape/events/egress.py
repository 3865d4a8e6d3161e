"""Where a webhook sink may send: public addresses only, unless the operator opens it.

A reaction's ``publish=`` URL is journal data: whoever may register a reaction chooses it, and
a worker posts to it. So a worker never posts to a loopback, link-local (the cloud metadata
service at ``169.254.169.254``), private, shared (``100.64.0.0/10``), unspecified, reserved
or multicast address, unless ``TAPE_WEBHOOK_ALLOW_PRIVATE=1`` is set in its environment
(development, or webhooks inside a trusted network). It is checked three times:

1. at registration (``tape.on``, ``Journal.register_reaction``, ``RegisterReaction``), the
   URL's literal host: an IP address in any spelling the resolver accepts (``127.1``,
   ``2130706433``, ``[::ffff:127.0.0.1]``) and ``localhost`` names
   (:class:`~tape.errors.WebhookAddressRefused`, nothing registered);
2. at dispatch, every address the host name resolves to, before any request is sent;
3. on the socket, the address actually connected to: a DNS answer that changed between the
   check and the connection (DNS rebinding) is refused there, before a byte is written
   (:mod:`tape.events.egress_http`).

The third check applies to direct connections; through an HTTP(S) proxy taken from the
environment the proxy connects, and only the first two hold. Redirects are not followed.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

from tape import errors

ALLOW_ENV = "TAPE_WEBHOOK_ALLOW_PRIVATE"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def allow_private(environ: Mapping[str, str]) -> bool:
    """Whether ``TAPE_WEBHOOK_ALLOW_PRIVATE`` opens non-public addresses."""
    return environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def refusal(address: Address) -> str:
    """Why a webhook may not reach ``address`` ("" when it is a public unicast address)."""
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address inside an IPv6 one reaches that IPv4 address.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo is not None:
            embedded = address.teredo[1]
        if embedded is not None:
            return refusal(embedded)
    for reason, hit in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not globally routable", not address.is_global),
    ):
        if hit:
            return reason
    return ""


def _refused(host: str, address: str, reason: str) -> errors.WebhookAddressRefused:
    return errors.WebhookAddressRefused(
        f"webhook host {host[:100]!r} is {address} ({reason}): a worker only posts to public "
        f"addresses unless {ALLOW_ENV}=1 is set in its environment"
    )


def _parse(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    except ValueError:
        return None


def _numeric(host: str) -> list[str]:
    """The addresses ``host`` spells as a number (no DNS asked), or [] for a name."""
    try:
        infos = socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, ValueError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def _is_localhost(host: str) -> bool:
    # RFC 6761: localhost and every name under it resolve to loopback.
    return host == "localhost" or host.endswith(".localhost")


def check_literal(url: str, environ: Mapping[str, str]) -> None:
    """Refuse a webhook URL whose host is written as a refused address (registration).

    Raises:
        WebhookAddressRefused: the literal host is refused and private addresses are not open.
    """
    if allow_private(environ):
        return
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if _is_localhost(host):
        raise _refused(host, "localhost", "loopback")
    for text in _numeric(host):
        address = _parse(text)
        reason = refusal(address) if address is not None else "not an address"
        if reason:
            raise _refused(host, text, reason)


def check_resolved(host: str, port: int) -> None:
    """Resolve ``host`` and refuse it if any address it resolves to is refused (dispatch).

    Raises:
        WebhookAddressRefused: an address is refused.
        ConnectorError: the name does not resolve (nothing was sent).
    """
    name = host.rstrip(".").lower()
    if not name:
        raise errors.ConnectorError("webhook not reached: its URL has no host")
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise errors.ConnectorError(
            f"webhook not reached: host {host[:100]!r} does not resolve ({exc})"
        ) from None
    for text in sorted({str(info[4][0]) for info in infos}):
        address = _parse(text)
        reason = refusal(address) if address is not None else "not an address"
        if reason:
            raise _refused(host, text, reason)


def check_peer(sock: socket.socket, host: str) -> None:
    """Refuse (and close) a connected socket whose peer is a refused address.

    Raises:
        WebhookAddressRefused: the peer is refused.
    """
    peer = sock.getpeername()
    text = str(peer[0]) if isinstance(peer, tuple) else str(peer)
    address = _parse(text)
    reason = refusal(address) if address is not None else "not an IP address"
    if reason:
        sock.close()
        raise _refused(host, text, reason)
