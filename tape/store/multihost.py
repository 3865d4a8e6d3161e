"""Multi-host Postgres URLs, libpq's form: ``postgresql://u@h1:5433,h2:5434/db?target_session_attrs=read-write``.

libpq tries the hosts in order and, with ``target_session_attrs=read-write`` (or ``primary``),
keeps the first that accepts writes: after a failover, new connections find the promoted
standby by themselves (docs/replication.md).

SQLAlchemy's URL parser reads one host and one port in the authority: ``h1:5433,h2:5434`` is
no port it can read (``make_url`` raises ``ValueError``). Its psycopg2 and psycopg 3 dialects
take several hosts from the query instead, ``?host=h1,h2&port=5433,5434``, and hand libpq its
own comma-separated host and port lists (``_split_multihost_from_url`` in SQLAlchemy's
``dialects/postgresql/base.py``, used by ``_psycopg_common.py``'s ``create_connect_args``). So
:func:`to_query_form` rewrites libpq's form into that one before SQLAlchemy parses the URL,
and :func:`render` writes it back for people to read.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import URL

from tape import errors

__all__ = ["hosts_of", "render", "to_query_form"]

_URL = re.compile(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<rest>.*)$", re.S
)
_PORT = re.compile(r"^[0-9]{1,5}$")


def _is_postgres(scheme: str) -> bool:
    return scheme.lower().split("+", 1)[0] in ("postgresql", "postgres")


def _host_port(item: str) -> tuple[str, str]:
    """``host``, ``host:port``, ``[v6]`` or ``[v6]:port`` -> (host, port or "")."""
    if item.startswith("["):
        host, bracket, tail = item[1:].partition("]")
        if not bracket or (tail and not tail.startswith(":")):
            raise errors.InvalidDatabaseURL(f"malformed host {item!r} in a multi-host database URL")
        return host, tail[1:]
    host, _, port = item.partition(":")
    return host, port


def to_query_form(url: str) -> str:
    """``url`` with a multi-host authority moved into ``?host=...&port=...``; any other URL
    (one host, not Postgres, not parseable here) is returned unchanged.

    Raises:
        InvalidDatabaseURL: an empty host, a port that is not a number, or hosts given both in
            the authority and in the query. The message never quotes the userinfo.
    """
    match = _URL.match(url)
    if match is None or not _is_postgres(match["scheme"]):
        return url
    userinfo, at, hostlist = match["authority"].rpartition("@")
    if "," not in hostlist:
        return url
    hosts: list[str] = []
    ports: list[str] = []
    for item in hostlist.split(","):
        host, port = _host_port(item)
        if not host:
            raise errors.InvalidDatabaseURL(
                f"empty host in the multi-host database URL's host list {hostlist!r}"
            )
        if port and not _PORT.match(port):
            raise errors.InvalidDatabaseURL(
                f"port {port!r} of host {host!r} in a multi-host database URL is not a number"
            )
        hosts.append(host)
        ports.append(port)
    rest, hash_, fragment = match["rest"].partition("#")
    path, _, query = rest.partition("?")
    given = [pair.split("=", 1)[0] for pair in query.split("&") if pair]
    if "host" in given or "port" in given:
        raise errors.InvalidDatabaseURL(
            "a multi-host database URL names its hosts once: in the host list "
            "(postgresql://h1:5433,h2:5434/db) or in the query (?host=h1:5433&host=h2:5434), "
            "not both"
        )
    moved = f"host={','.join(hosts)}"
    if any(ports):
        moved += f"&port={','.join(ports)}"
    new_query = f"{moved}&{query}" if query else moved
    return f"{match['scheme']}://{userinfo}{at}{path}?{new_query}{hash_}{fragment}"


def hosts_of(url: URL) -> list[tuple[str, int | None]] | None:
    """The (host, port) list of a multi-host URL (either query form); None for one host."""
    raw = url.query.get("host")
    if raw is None:
        return None
    if isinstance(raw, str) and "," not in raw and "port" not in url.query:
        return None  # ?host=/socket/dir or a lone ?host=h: one host
    items = list(raw) if isinstance(raw, tuple) else raw.split(",")
    port_raw = url.query.get("port")
    if port_raw is not None:
        port_list = port_raw.split(",") if isinstance(port_raw, str) else list(port_raw)
        pairs = list(zip(items, port_list + [""] * (len(items) - len(port_list)), strict=False))
    else:
        pairs = [
            (h.rpartition(":")[0], h.rpartition(":")[2]) if ":" in h else (h, "") for h in items
        ]
    return [(h, int(p) if p.isdigit() else None) for h, p in pairs]


def render(url: URL, rendered: str) -> str:
    """``rendered`` (``url`` as SQLAlchemy renders it, password hidden) in libpq's multi-host
    form when ``url`` has several hosts: ``postgresql://u:***@h1:5433,h2:5434/db?...``."""
    pairs = hosts_of(url)
    if not pairs or url.host:
        return rendered
    match = _URL.match(rendered)
    if match is None:
        return rendered
    userinfo, at, _ = match["authority"].rpartition("@")
    hostlist = ",".join((f"[{h}]" if ":" in h else h) + (f":{p}" if p else "") for h, p in pairs)
    rest, _, query = match["rest"].partition("?")
    kept = "&".join(
        pair for pair in query.split("&") if pair and pair.split("=", 1)[0] not in ("host", "port")
    )
    return f"{match['scheme']}://{userinfo}{at}{hostlist}{rest}{'?' if kept else ''}{kept}"
