"""Addresses tape's network servers listen on (``tape server``, ``tape ui``) and the one rule
both follow: a server reachable beyond this machine needs its token.

``HOST:PORT`` with ``HOST`` a name or an IP address (IPv6 in brackets: ``[::1]:7878``) and
``PORT`` 1-65535, or 0 for a free port the server picks. Only ``localhost``, ``127.0.0.0/8``
and ``::1`` count as loopback; every other host (``0.0.0.0``, ``[::]``, a LAN address, a name)
may be reached from the network.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from tape import errors

#: The highest TCP port.
MAX_PORT = 65535


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only this machine (``localhost``, ``127.0.0.0/8``, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ListenAddress:
    """A parsed ``HOST:PORT`` (``port`` 0: the server picks a free one)."""

    host: str
    port: int

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_listen(text: str, *, option: str = "--listen") -> ListenAddress:
    """``HOST:PORT`` -> :class:`ListenAddress`.

    Raises:
        ConfigurationError: not ``HOST:PORT``, an unbracketed IPv6 address, or a port outside
            0-65535 (0 picks a free port).
    """
    host, colon, port_text = text.strip().rpartition(":")
    if not colon:
        raise errors.ConfigurationError(
            f"{option} must be HOST:PORT (for example 127.0.0.1:7878), not {text!r}"
        )
    if not (port_text.isascii() and port_text.isdigit()):
        raise errors.ConfigurationError(
            f"{option}: the port must be a number from 1 to {MAX_PORT} (0 picks a free one), "
            f"not {port_text!r}"
        )
    digits = port_text.lstrip("0") or "0"  # int() refuses thousands of digits
    if len(digits) > len(str(MAX_PORT)) or int(digits) > MAX_PORT:
        raise errors.ConfigurationError(
            f"{option}: port {port_text[:12]} is out of range: a port is 1 to {MAX_PORT} "
            "(0 picks a free one)"
        )
    port = int(digits)
    if not host:
        raise errors.ConfigurationError(
            f"{option} needs a host: 127.0.0.1:{port} for this machine only, "
            f"0.0.0.0:{port} for every interface"
        )
    if ":" in host and not (host.startswith("[") and host.endswith("]")):
        raise errors.ConfigurationError(
            f"{option}: write an IPv6 address in brackets, then the port: [::1]:7878"
        )
    return ListenAddress(host, port)


def network_refusal(
    host: str, token: str, *, token_variable: str, what: str, option: str, hint: str = ""
) -> str:
    """Why a server may not listen on ``host`` ("" when it may: a token is set, or ``host``
    is loopback).

    Args:
        host: the host part of the listen address.
        token: the token the server was given ("" for none).
        token_variable: the variable that holds the token (``TAPE_TOKEN``).
        what: what would be open ("every journal call").
        option: the option that names the host (``--listen``).
        hint: a few words after the variable's name ("operators log in with it").
    """
    if token or is_loopback(host):
        return ""
    hint = f" ({hint})" if hint else ""
    return (
        f"refusing to listen on {host} without {token_variable}: {what} would be open to the "
        f"network. Set {token_variable}{hint} or use a loopback {option} such as 127.0.0.1."
    )
