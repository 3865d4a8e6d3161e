"""What is secret, decided in one place.

Every log line (:mod:`tape.observability.logs`), error message (:class:`tape.errors.TapeError`),
dashboard page (:mod:`tape.ui.views`), CLI view (:mod:`tape.cli.render`) and connector result
(:mod:`tape.connectors`) that may carry journaled or configured text passes through here, and
each secret found becomes ``***``:

- the value under a secret-looking name (:func:`is_secret_name`: ``authorization``, ``token``,
  ``api_key``, ``password``, ``pw``, ``passwd``, ``secret``, ``ssh_key``, ``private_key``,
  ``cookie``, ``client_secret``, ... in any case, spelt with ``-``, ``_`` or camelCase), in any
  shape: a mapping key, a name/value pair (``[["Authorization", "Bearer x"]]``, a tuple), a
  ``{"name": "Authorization", "value": ...}`` entry, or text (``Authorization: Bearer x``,
  ``password=x``, ``"token": "x"``, ``--password x``);
- ``Bearer`` / ``Basic`` credentials anywhere in text;
- a URL's userinfo (``postgresql://user:pass@host/db``), found by the URL's structure (never by
  looking for the password as a substring, which would reveal it), its secret-looking query
  values (``?api_key=...``) and its fragment;
- ``curl -u user:pass`` / ``--user user:pass``;
- JSON inside a string, parsed and redacted as JSON;
- SQLAlchemy's ``[parameters: ...]`` line of an error (the row values of a failed statement);
- given literal secrets (a configured password, a connector's static header values) of at least
  :data:`MIN_LITERAL_CHARS` characters.

Some names look secret but are tape's own identifiers (``session_id``, ``idempotency_key``, ...)
and stay; so do booleans and ``None`` under any name, and numbers under count-like names
(``max_tokens``, ``tokens_spent``): they carry no credential.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = [
    "MIN_LITERAL_CHARS",
    "REDACTED",
    "is_secret_name",
    "redact",
    "redact_text",
    "redact_url",
    "scrub",
    "secret_values",
    "url_secrets",
]

REDACTED = "***"

#: Shorter literal secrets are never searched for as substrings: a two-letter password replaced
#: inside "database" would show the password (``databa*** error``) instead of hiding it.
MIN_LITERAL_CHARS = 8

#: Containers nested deeper than this are shown as ``***`` (nothing deeper is looked at).
MAX_DEPTH = 200

# A name is split into words (``X-Api-Key`` -> x, api, key; ``sshKey`` -> ssh, key) and judged on
# its words and on their concatenation (``apikey``, ``sshkey``).
#: Whole names that are secrets.
_EXACT = frozenset({"key", "sig", "pass", "pwd", "pw", "jwt", "auth", "otp", "session"})
#: Words that make a name secret wherever they stand (``db_pass``, ``basic_auth``).
_WORDS = frozenset({"auth", "pw", "pwd", "pass", "passwd", "jwt", "otp"})
#: Parts that make a name secret inside any word (``x-auth-token``, ``clientSecret``).
_PARTS = (
    "token",
    "secret",
    "password",
    "passwd",
    "passphrase",
    "credential",
    "apikey",
    "privatekey",
    "accesskey",
    "sshkey",
    "secretkey",
    "signingkey",
    "sessionkey",
    "cookie",
    "authorization",
    "signature",
    "bearer",
)
#: tape's own identifiers and settings whose names look secret (compared as concatenated words).
_NOT_SECRET = frozenset(
    {
        "sessionid",
        "idempotencykey",
        "businesskey",
        "effectkey",
        "reusedeffectkey",
        "reusedbykey",
        "tokenizer",
    }
)
#: Numbers under names with one of these words are counts, not credentials (``max_tokens``).
_COUNT_WORDS = frozenset(
    {
        "tokens",
        "count",
        "cap",
        "limit",
        "max",
        "spent",
        "used",
        "remaining",
        "estimate",
        "ttl",
        "expires",
    }
)
#: Query parameters secret in a URL only (an OAuth ``?code=``), not as payload keys.
_QUERY_ONLY = frozenset({"code"})
#: Header names whose value runs to the end of the line (``Cookie: a=1; b=2``).
_LINE_HEADERS = re.compile(r"(?<![\w-])((?:set-)?cookie)(\s*:\s*)([^\r\n\"']+)", re.IGNORECASE)
#: Fields of ``{"name": "Authorization", "value": "..."}`` entries (HAR, Kubernetes env).
_NAME_FIELDS = ("name", "key", "header", "field")
#: URL schemes whose paths and queries may hold an "@" (``/users/@bob``, ``?email=a@b``).
_WEB_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "tape", "tapes", "grpc"})
#: Names too common in prose to judge alone in free text (``outbox pass: 3``); they still count
#: as keys of JSON values and in URL queries.
_PROSE_NAMES = frozenset({"key", "session", "pass", "sig", "auth"})

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
# A scheme starts where no scheme character precedes it and is short: no quadratic rescans.
_URL = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^\s'\"<>]+")
_QUOTED = r"""\\"(?:(?!\\").)*\\"|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
_SCHEME = r"(?:bearer|basic|token|digest|bot)\s+"
#: ``name: value`` / ``name=value`` in text, the name bare or quoted (also JSON escaped in JSON);
#: the value is matched only after a secret-looking name (:data:`_VALUE`), so a pair inside
#: another's value (``url: /a?api_key=k``) is still found.
_KEY = re.compile(
    r"(?<![\w.\-])(?P<q>(?:\\{0,7}[\"'])?)(?P<name>[A-Za-z][\w.\-]*)(?P=q)(?P<sep>\s*[:=]\s*)"
)
_VALUE = re.compile(rf"{_QUOTED}|(?:{_SCHEME})?[^\s,;&\"'<>(){{}}\[\]\\]+", re.IGNORECASE)
#: ``"name", "value"`` pairs in text (a list of pairs as JSON or a Python repr).
_PAIR = re.compile(
    rf"(?P<q>[\"'])(?P<name>[A-Za-z][\w.\-]*)(?P=q)(?P<sep>\s*,\s*)(?P<value>{_QUOTED})(?!\s*:)"
)
#: ``"name": "DB_PASSWORD", "value": "..."`` in text (a named entry inside a message).
_NAMED_ENTRY = re.compile(
    r"(?P<q>\\?[\"'])(?:name|key|header|field)(?P=q)\s*:\s*(?P=q)(?P<name>[A-Za-z][\w.\-]*)(?P=q)"
    rf"\s*,\s*(?P=q)value(?P=q)\s*:\s*(?P<value>{_QUOTED}|[^\s,;}}\]]+)",
    re.IGNORECASE,
)
#: ``curl -u user:pass`` (the value needs a colon: ``sort -u file`` is no credential).
_USER_FLAG = re.compile(
    r"(?<![\w-])(?P<flag>-u|-U|--user|--proxy-user)(?P<sep>\s+|=)"
    r"(?P<value>\"[^\"]*:[^\"]*\"|'[^']*:[^']*'|[^\s\"']*:[^\s\"']*)"
)
#: ``--password x``, ``--api-key x`` (the ``=`` form is a name=value pair above).
_SECRET_FLAG = re.compile(
    r"(?<![\w-])--(?P<name>[A-Za-z][\w-]*)(?P<sep>\s+)(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'-]\S*)"
)
_SCHEME_CREDENTIAL = re.compile(
    r"\b(Bearer|Basic)\s+([A-Za-z0-9\-._~+/]+=*)(?![\w\-.~+/=])", re.IGNORECASE
)
_PARAMETERS = re.compile(r"^\[parameters: .*$", re.MULTILINE)


def _words(name: str) -> list[str]:
    return [w for w in _SPLIT.split(_CAMEL.sub(r"\1_\2", name).lower()) if w]


def is_secret_name(name: str) -> bool:
    """Whether a key, header, query parameter or flag name looks like it carries a credential.

    Args:
        name: the name, in any case, spelt with ``-``, ``_``, ``.`` or camelCase.

    Returns:
        True for ``Authorization``, ``X-Api-Key``, ``ssh_key``, ``pw``, ``clientSecret``, ...;
        False for tape's own identifiers (``session_id``, ``idempotency_key``, ...).
    """
    words = _words(name)
    joined = "".join(words)
    if not joined or joined in _NOT_SECRET:
        return False
    if joined in _EXACT or any(w in _WORDS for w in words):
        return True
    return any(part in joined for part in _PARTS)


def _hides(name: str, value: Any) -> bool:
    """Whether ``value`` under ``name`` is shown as ``***``."""
    if value is None or isinstance(value, bool) or not is_secret_name(name):
        return False
    if isinstance(value, int | float):
        return not _COUNT_WORDS.intersection(_words(name))
    return True


def _count(name: str, value: str) -> bool:
    return value.isdigit() and bool(_COUNT_WORDS.intersection(_words(name)))


def _literals(secrets: Iterable[str]) -> tuple[str, ...]:
    found = {s for s in secrets if s and len(s) >= MIN_LITERAL_CHARS}
    return tuple(sorted(found, key=len, reverse=True))


# -- URLs ------------------------------------------------------------------------------------


def _redact_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    hidden = [is_secret_name(k) or k.lower() in _QUERY_ONLY for k, _ in pairs]
    if not any(hidden):
        return query  # as written: nothing re-encoded
    return urlencode(
        [(k, REDACTED if hide else v) for (k, v), hide in zip(pairs, hidden, strict=True)],
        safe="*",
    )


def _port_ok(netloc: str) -> bool:
    host = netloc.rpartition("@")[2].rpartition("]")[2]
    port = host.rpartition(":")[2] if ":" in host else ""
    return port == "" or port.isdigit()


def _userinfo(userinfo: str, keep_user: bool) -> str:
    user, colon, password = userinfo.partition(":")
    if colon and password == REDACTED:
        return userinfo  # redacted already (a message quoting a URL shown before)
    if keep_user:
        return f"{user}:{REDACTED}" if colon else userinfo
    return REDACTED


def redact_url(url: str, *, keep_user: bool = False) -> str:
    """Return ``url`` safe to journal, log or show.

    The userinfo (``user:password@``) becomes ``***@`` (``user:***@`` with ``keep_user``),
    secret-looking query parameters (``token``, ``api_key``, ``signature``, ``key``, ...) get
    the value ``***`` and the fragment is dropped. The userinfo is found by the URL's
    structure, also when the password holds a ``/``, ``?``, ``#`` or ``@`` that should have
    been percent-encoded (``postgresql://u:pa/ss@h/db`` hides ``pa/ss``).

    Args:
        url: a URL.
        keep_user: show the user name (``user:***@``).

    Returns:
        The redacted URL.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or ("@" not in parts.netloc and "@" in rest and _broken(scheme, parts.netloc)):
        # A password with a character that ends the authority early (or no parse at all):
        # everything up to the last "@" is userinfo.
        userinfo, at, tail = rest.rpartition("@")
        shown = f"{_userinfo(userinfo, keep_user)}@" if at else ""
        if parts is not None:
            return f"{scheme}://{shown}{redact_url(f'{scheme}://{tail}')[len(scheme) + 3 :]}"
        # Not even the host parses (a stray "[" or "]"): keep it, hide the query's secrets.
        head, question, query = tail.partition("#")[0].partition("?")
        return f"{scheme}://{shown}{head}{question}{_redact_query(query) if question else ''}"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{_userinfo(userinfo, keep_user)}@{host}"
    query = _redact_query(parts.query)
    # Built by hand: urlunsplit drops the "//" of an empty authority (sqlite:///path).
    return f"{scheme}://{netloc}{parts.path}{'?' if query else ''}{query}"


def _broken(scheme: str, netloc: str) -> bool:
    """Whether an authority without "@" was cut short by a password's ``/``, ``?`` or ``#``:
    its "port" is no number, or (outside web URLs, whose paths and queries may hold an "@")
    it has a colon at all."""
    if not _port_ok(netloc):
        return True
    return ":" in netloc and scheme.lower() not in _WEB_SCHEMES


def url_secrets(url: str) -> tuple[str, ...]:
    """The password of a URL's userinfo, if long enough to scrub as a literal elsewhere."""
    try:
        password = urlsplit(url).password
    except ValueError:
        return ()
    return _literals([password]) if password else ()


def secret_values(headers: Mapping[str, str] | None) -> tuple[str, ...]:
    """The values of secret-looking headers, and their tokens (``Bearer <token>``).

    Args:
        headers: static headers of a connector.

    Returns:
        The strings to scrub, longest first (only those of :data:`MIN_LITERAL_CHARS` or more).
    """
    found: list[str] = []
    for name, value in (headers or {}).items():
        if is_secret_name(name):
            found.append(str(value))
            found.extend(str(value).split())
    return _literals(found)


# -- text ------------------------------------------------------------------------------------


def _text_secret(name: str) -> bool:
    return name.lower() not in _PROSE_NAMES and is_secret_name(name)


@functools.lru_cache(maxsize=16)
def _escaped_string(quote: str) -> re.Pattern[str]:
    """A string quoted with ``quote`` (``\\"``, ``\\\\\\"``: JSON escaped in JSON)."""
    q = re.escape(quote)
    return re.compile(rf"{q}(?:(?!{q}).)*?{q}")


def _key_values(text: str) -> str:
    """Every ``name: value`` / ``name=value`` with a secret-looking name, value hidden."""
    out: list[str] = []
    done = 0
    for key in _KEY.finditer(text):
        name = key.group("name")
        if key.start() < done or not _text_secret(name):
            continue
        quote = key.group("q")
        found = None
        if len(quote) > 1:  # JSON escaped once or more inside JSON: \"token\": \"...\"
            found = _escaped_string(quote).match(text, key.end())
        found = found or _VALUE.match(text, key.end())
        if found is None:
            continue
        value = found.group(0)
        if _count(name, value) or value.strip("\"'\\") == REDACTED:
            continue
        if len(quote) > 1 and value.startswith(quote):
            shown = f"{quote}{REDACTED}{quote}"
        elif value[:1] in "\"'":
            shown = f"{value[0]}{REDACTED}{value[0]}"
        else:
            scheme = re.match(_SCHEME, value, re.IGNORECASE)
            shown = f"{scheme.group(0) if scheme else ''}{REDACTED}"
        out += [text[done : key.end()], shown]
        done = found.end()
    out.append(text[done:])
    return "".join(out)


def _pair(match: re.Match[str]) -> str:
    value = match.group("value")
    if not is_secret_name(match.group("name")) or value[1:-1] == REDACTED:
        return match.group(0)
    head = match.group(0)[: match.start("value") - match.start(0)]
    return f"{head}{value[0]}{REDACTED}{value[-1]}"


def _named_entry_text(match: re.Match[str]) -> str:
    value = match.group("value")
    if not is_secret_name(match.group("name")) or value.strip("\"'\\") == REDACTED:
        return match.group(0)
    head = match.group(0)[: match.start("value") - match.start(0)]
    quote = value[: len(value) - len(value.lstrip("\\\"'"))]
    return f"{head}{quote}{REDACTED}{quote}"


def _secret_flag(match: re.Match[str]) -> str:
    if not _text_secret(match.group("name")) or match.group("value").strip("\"'") == REDACTED:
        return match.group(0)
    return f"--{match.group('name')}{match.group('sep')}{REDACTED}"


def _scheme_credential(match: re.Match[str]) -> str:
    scheme, token = match.group(1), match.group(2)
    # "Bearer token", "Basic Authentication": prose, not a credential.
    prose = token.isalpha() and token[1:].islower() and len(token) < 16
    return match.group(0) if prose else f"{scheme} {REDACTED}"


def _json_container(text: str) -> Any:
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] + stripped[-1] not in ("{}", "[]"):
        return None
    try:
        return json.loads(stripped)
    except (ValueError, RecursionError):
        return None


def redact_text(text: str, secrets: Iterable[str] = (), limit: int | None = 500) -> str:
    """Make free text (an error message, a log line, a payload string) safe to show.

    Text that is a JSON object or array is parsed and redacted as JSON (:func:`redact`);
    otherwise every rule of this module's list is applied to it, then the literal ``secrets``
    are replaced and the result is cut to ``limit`` characters (None: not cut).

    Args:
        text: the text.
        secrets: literal secrets to replace (those shorter than :data:`MIN_LITERAL_CHARS` are
            ignored: replacing them as substrings would reveal them).
        limit: the most characters returned.

    Returns:
        The redacted text.
    """
    if limit is not None and len(text) > 2 * limit + 4096:
        text = text[: 2 * limit + 4096]  # redacted before the final cut: no secret is split
    parsed = _json_container(text)
    if isinstance(parsed, dict | list):
        text = json.dumps(redact(parsed, secrets), ensure_ascii=False)
    else:
        text = _URL.sub(lambda m: redact_url(m.group(0)), text)
        text = _LINE_HEADERS.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
        text = _key_values(text)
        text = _NAMED_ENTRY.sub(_named_entry_text, text)
        text = _PAIR.sub(_pair, text)
        text = _USER_FLAG.sub(lambda m: f"{m.group('flag')}{m.group('sep')}{REDACTED}", text)
        text = _SECRET_FLAG.sub(_secret_flag, text)
        text = _SCHEME_CREDENTIAL.sub(_scheme_credential, text)
        text = _PARAMETERS.sub(f"[parameters: {REDACTED}]", text)
    for secret in _literals(secrets):
        text = text.replace(secret, REDACTED)
    return text if limit is None else text[:limit]


# -- JSON values -----------------------------------------------------------------------------


def _named_entry(value: Mapping[Any, Any]) -> bool:
    """``{"name": "Authorization", "value": "..."}``: a header or variable given as an entry."""
    if "value" not in value:
        return False
    return any(
        isinstance(value.get(field), str) and is_secret_name(value[field]) for field in _NAME_FIELDS
    )


def redact(
    value: Any, secrets: Iterable[str] = (), limit: int | None = None, _depth: int = 0
) -> Any:
    """Return a copy of a JSON-able value with every secret replaced by ``***``.

    Mapping values under secret-looking keys, the second item of a ``[name, value]`` pair with a
    secret-looking name, and the ``value`` of a ``{"name": <secret-looking>, "value": ...}``
    entry are replaced; strings go through :func:`redact_text` (JSON inside them is parsed and
    redacted). Tuples come back as lists.

    Args:
        value: a JSON-able value (dicts, lists, tuples, strings, numbers, booleans, None).
        secrets: literal secrets to replace in every string (see :func:`redact_text`).
        limit: the most characters kept of each string (None: all).

    Returns:
        The redacted copy.
    """
    secrets = _literals(secrets)
    if _depth > MAX_DEPTH:
        return REDACTED
    if isinstance(value, str):
        parsed = _json_container(value)
        if isinstance(parsed, dict | list):
            text = json.dumps(redact(parsed, secrets, None, _depth + 1), ensure_ascii=False)
            return text if limit is None else text[:limit]
        return redact_text(value, secrets, limit)
    if isinstance(value, Mapping):
        entry = _named_entry(value)
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = scrub(str(key), secrets)
            hidden = _hides(str(key), item) or (entry and key == "value" and item is not None)
            out[name] = REDACTED if hidden else redact(item, secrets, limit, _depth + 1)
        return out
    if isinstance(value, list | tuple):
        if len(value) == 2 and isinstance(value[0], str) and _hides(value[0], value[1]):
            return [scrub(value[0], secrets), REDACTED]
        return [redact(item, secrets, limit, _depth + 1) for item in value]
    return value


def scrub(value: Any, secrets: Iterable[str] = ()) -> Any:
    """Return a copy of a JSON-able value with every literal secret string replaced by ``***``.

    Only the given literals are looked for (those shorter than :data:`MIN_LITERAL_CHARS` are
    ignored); use :func:`redact` to find secrets by their shape.
    """
    secrets = _literals(secrets)
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, Mapping):
        return {scrub(str(k), secrets): scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v, secrets) for v in value]
    return value
