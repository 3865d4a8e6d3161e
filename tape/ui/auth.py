"""Who may change things from the dashboard.

Without ``TAPE_UI_TOKEN`` the dashboard is read-only (and ``tape ui`` listens on loopback
only). With it, a mutation needs either

- a browser session: the login form checks the token and sets an HttpOnly, SameSite=Strict
  cookie ``<operator>|<HMAC(token, operator)>``; every form carries a CSRF value derived from
  that cookie (``HMAC(token, "csrf|" + cookie)``) and a cross-origin ``Origin`` is refused; or
- ``Authorization: Bearer <token>`` (scripts), with the operator in ``X-Tape-Operator``.

Nothing is stored server side: restarting with another token logs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from starlette.requests import Request

SESSION_COOKIE = "tape_ui_session"
_OPERATOR = re.compile(r"^[A-Za-z0-9._@+-]{1,64}$")


@dataclass(frozen=True)
class Operator:
    """An authenticated operator and how they authenticated."""

    name: str
    via: str  # "session" or "bearer"


class Auth:
    """The token check, session cookies and CSRF values of one dashboard."""

    def __init__(self, token: str) -> None:
        self.token = token

    @property
    def enabled(self) -> bool:
        """Whether mutations are possible at all (a token was configured)."""
        return bool(self.token)

    def _mac(self, text: str) -> str:
        return hmac.new(self.token.encode(), text.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, given: str) -> bool:
        return self.enabled and hmac.compare_digest(given.encode(), self.token.encode())

    @staticmethod
    def valid_operator(name: str) -> bool:
        return bool(_OPERATOR.match(name))

    def session_value(self, operator: str) -> str:
        return f"{operator}|{self._mac('session|' + operator)}"

    def operator(self, request: Request) -> Operator | None:
        """The operator behind ``request``, or None (not logged in, or no token configured)."""
        if not self.enabled:
            return None
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            name = request.headers.get("x-tape-operator", "").strip() or "api"
            if self.token_ok(header[7:].strip()) and self.valid_operator(name):
                return Operator(name, "bearer")
            return None
        cookie = request.cookies.get(SESSION_COOKIE, "")
        name, _, mac = cookie.partition("|")
        # A cookie this dashboard set is ASCII (a valid operator name and a hex MAC); anything
        # else is a forgery or junk, and not logged in (compare_digest refuses non-ASCII str).
        if not (cookie.isascii() and self.valid_operator(name) and mac):
            return None
        if hmac.compare_digest(cookie.encode(), self.session_value(name).encode()):
            return Operator(name, "session")
        return None

    def csrf_value(self, request: Request) -> str:
        """The CSRF value forms of this session must post back ("" when not logged in)."""
        cookie = request.cookies.get(SESSION_COOKIE, "")
        return self._mac("csrf|" + cookie) if self.enabled and cookie else ""

    def csrf_ok(self, request: Request, operator: Operator, posted: str) -> bool:
        """Bearer requests need no CSRF value (browsers never add that header by themselves);
        session requests need the right one and no foreign ``Origin``."""
        if operator.via == "bearer":
            return True
        origin = request.headers.get("origin")
        if origin and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
            return False
        expected = self.csrf_value(request)
        return bool(expected) and hmac.compare_digest(posted.encode(), expected.encode())
