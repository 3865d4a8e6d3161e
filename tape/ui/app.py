"""The dashboard's ASGI app (Starlette, server-rendered Jinja2 templates, no JavaScript build).

Pages: ``/`` runs (filters and search), ``/runs/{run_id}`` one run's timeline, ``/triage``
the queue of what needs a human, with the resolve actions of ``tape resolve`` and, for a run
STUCK on a divergence, its diff and the choices of ``tape resolve-divergence``;
``/login`` and ``/logout``; ``/healthz``; ``/metrics`` (Prometheus). What the pages list as
needing a human comes from the triage read model (:mod:`tape.journal.triage`), as in the CLI.

Resolving from a form takes two steps: the first POST shows what will be recorded (the effect,
its amount, the ``response`` JSON the agent will get, the ``external_ref``, who and why) and
journals nothing; the operator's confirmation (``confirm=yes``) records it. A script with
``Authorization: Bearer`` resolves in one call. The notice shown after a resolve is signed by
this process (:class:`Notices`): a ``?done=`` anyone typed shows nothing. Pages refresh their live
part every few seconds (``static/live.js`` fetches the page again and swaps ``#live``).

With a token, the pages and ``/metrics`` need it too (a session, or ``Authorization: Bearer``)
unless ``public_reads`` leaves them open; ``/healthz``, ``/login`` and the static files never
need it. A browser that is not logged in is sent to ``/login``; a script gets 401.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tape import errors
from tape.enums import ObligationStatus, RunStatus
from tape.journal import Journal, triage
from tape.observability import metrics
from tape.ui import views
from tape.ui.auth import SESSION_COOKIE, Auth, Operator

logger = logging.getLogger(__name__)

#: Effect actions offered on the triage page (those of ``tape resolve``).
EFFECT_ACTIONS = ("confirm", "compensate", "absent", "fail")
#: A run STUCK on a divergence: the choices of ``tape resolve-divergence``.
DIVERGENCE_ACTIONS = {
    "accept": ("accept", ""),
    "redecide": ("redecide", "keep"),
    "redecide, compensating its effects": ("redecide", "compensate"),
    "redecide, reusing its effects": ("redecide", "reuse"),
    "abandon": ("abandon", ""),
}
OBLIGATION_ACTIONS = {"compensated": ObligationStatus.COMPENSATED, "stuck": ObligationStatus.STUCK}
#: ``tape fork`` from a run's page: the policy for the abandoned part's CONFIRMED effects.
FORK_POLICIES = ("keep", "compensate", "reuse")
#: Seconds between live refreshes of a page.
REFRESH_S = 3
#: An obligation seq as a form sends it (int() of more digits than a 64-bit one is waste).
_SEQ = re.compile(r"[0-9]{1,20}")

_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class Dashboard:
    """The pages and actions over one journal."""

    def __init__(
        self,
        journal: Journal,
        token: str = "",
        refresh_s: float = REFRESH_S,
        *,
        public_reads: bool = False,
    ) -> None:
        self.journal = journal
        self.refresh_s = refresh_s
        self.auth = Auth(token)
        self.notices = Notices()
        #: Whether reading needs the token too (it does once there is one, unless opened).
        self.reads_locked = self.auth.enabled and not public_reads
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("tape.ui", "templates"),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
        )

    # -- rendering -------------------------------------------------------------------------

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        operator = self.auth.operator(request)
        template = self.env.get_template(name)
        readable = operator is not None or not self.reads_locked
        values = {
            "request": request,
            "operator": operator.name if operator else "",
            "token_configured": self.auth.enabled,
            "reads_locked": self.reads_locked,
            "csrf": self.auth.csrf_value(request),
            "refresh_s": self.refresh_s,
            # The login page of a locked dashboard shows no counts either.
            "summary": views.summary(self.journal) if readable else None,
            "message": context.pop("message", ""),
            "error": context.pop("error", ""),
            **context,
        }
        # The live part alone, and its version: the page's script swaps it in only when the
        # version changed, so nothing moves under the operator's pointer for no reason.
        live = template.render(fragment=True, version="", **values)
        version = hashlib.sha256(live.encode()).hexdigest()[:16]
        headers = {**_SECURITY_HEADERS, "X-Tape-Version": version}
        if request.headers.get("x-tape-fragment") == "live":
            return HTMLResponse(live, status_code=status, headers=headers)
        html = template.render(fragment=False, version=version, **values)
        return HTMLResponse(html, status_code=status, headers=headers)

    # -- who may read ----------------------------------------------------------------------

    def guarded(self, page: Callable[[Request], Response]) -> Callable[[Request], Response]:
        """``page``, behind the token when reads are locked."""

        @functools.wraps(page)
        def guard(request: Request) -> Response:
            if self.reads_locked and self.auth.operator(request) is None:
                return self.locked_out(request)
            return page(request)

        return guard

    def locked_out(self, request: Request) -> Response:
        """A browser goes to the login page; a script (or the live refresh) gets 401."""
        browser = "text/html" in request.headers.get("accept", "")
        if browser and request.headers.get("x-tape-fragment") != "live":
            return RedirectResponse("/login", status_code=303)
        return Response(
            "this dashboard needs its token (TAPE_UI_TOKEN) to read: log in, or send "
            "Authorization: Bearer <token>\n",
            status_code=401,
            media_type="text/plain",
            headers={**_SECURITY_HEADERS, "WWW-Authenticate": 'Bearer realm="tape"'},
        )

    # -- pages -----------------------------------------------------------------------------

    def runs(self, request: Request) -> Response:
        q = request.query_params
        status = q.get("status", "")
        app_name = q.get("app", "")
        age = q.get("age", "any")
        search = q.get("q", "").strip()
        error = ""
        statuses: list[RunStatus] = []
        if status:
            try:
                statuses = [RunStatus[status.upper()]]
            except KeyError:
                error = f"no such run status: {status!r}"
        since = 0
        if views.AGES.get(age):
            since = self.journal.database.now_ms() - views.AGES[age]
        code = 200
        try:
            found = self.journal.search_runs(
                statuses=statuses,
                app_name=app_name,
                started_after_ms=since,
                query=search,
                limit=200,
            )
        except errors.InvalidArgument as exc:  # a NUL in the search box, an overlong app name
            found, code, error = [], 400, f"bad filter: {exc}"
        return self.render(
            request,
            "runs.html",
            code,
            runs=views.runs_list(self.journal, found),
            apps=self.journal.list_app_names(),
            statuses=[s.name for s in RunStatus if s.value],
            ages=list(views.AGES),
            filters={"status": status.upper(), "app": app_name, "age": age, "q": search},
            error=error,
        )

    def run(self, request: Request) -> Response:
        run_id = request.path_params["run_id"]
        try:
            page = views.run_page(self.journal, run_id)
        except (errors.RunNotFound, errors.InvalidArgument):
            return self.render(request, "missing.html", status=404, run_id=run_id)
        return self.render(
            request,
            "run.html",
            tree=_tree(self.journal, run_id),
            fork_policies=FORK_POLICIES,
            **page,
        )

    def triage(self, request: Request, status: int = 200, **notice: str) -> Response:
        return self.render(
            request,
            "triage.html",
            status=status,
            effect_actions=EFFECT_ACTIONS,
            obligation_actions=list(OBLIGATION_ACTIONS),
            divergence_actions=list(DIVERGENCE_ACTIONS),
            **views.triage_page(self.journal),
            **notice,
        )

    def triage_get(self, request: Request) -> Response:
        q = request.query_params
        # Only a notice this server signed in its own redirect is shown: a link someone
        # typed (``?done=effect X is CONFIRMED``) shows nothing, green or otherwise.
        done = self.notices.opened(q.get("done", ""), q.get("sig", ""), q.get("at", ""))
        return self.triage(request, message=done)

    # -- actions ---------------------------------------------------------------------------

    async def resolve(self, request: Request) -> Response:
        form = await request.form()
        fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        operator = self.auth.operator(request)
        refusal = self._refusal(request, operator, fields.get("csrf", ""))
        if refusal or operator is None:
            logger.warning(
                "dashboard resolve refused: %s",
                refusal,
                extra={"action": "ui-resolve-refused", "run_id": fields.get("run_id", "")},
            )
            if operator is None and self.reads_locked:  # the triage page is not theirs to see
                return await run_in_threadpool(
                    self.render, request, "login.html", 403, error=refusal
                )
            return await run_in_threadpool(self.triage, request, 403, error=refusal)
        confirmed = operator.via == "bearer" or fields.get("confirm") == "yes"
        try:
            if not confirmed:  # a person sees what will be recorded first, and confirms it
                preview = await run_in_threadpool(self._preview, fields, operator)
                return await run_in_threadpool(self.render, request, "confirm.html", **preview)
            done = await run_in_threadpool(self._apply, fields, operator)
        except errors.TapeError as exc:
            # Bad input is the client's (400), a missing row 404, a row in another state 409.
            code = (
                400
                if isinstance(exc, errors.InvalidArgument)
                else 404
                if isinstance(exc, errors.NotFound)
                else 409
            )
            return await run_in_threadpool(self.triage, request, code, error=f"Not resolved: {exc}")
        if operator.via == "bearer":
            return JSONResponse({"ok": True, "result": done})
        return RedirectResponse("/triage?" + self.notices.signed(done), status_code=303)

    def _preview(self, fields: dict[str, str], operator: Operator) -> dict[str, Any]:
        """The confirmation page's content: what resolving will record, checked first (a bad
        ``response`` is refused here, before anything is asked or journaled)."""
        kind = fields.get("kind", "effect")
        action = fields.get("action", "")
        what: dict[str, str] = {"run": fields.get("run_id", "")}
        if kind == "divergence":
            if action not in DIVERGENCE_ACTIONS:
                raise errors.InvalidArgument(f"unknown divergence choice {action[:40]!r}")
        elif kind == "fork":
            if action not in FORK_POLICIES:
                raise errors.InvalidArgument(f"unknown fork policy {action[:40]!r}")
            if not _SEQ.fullmatch(fields.get("from_decision", "")):
                raise errors.InvalidArgument("the decision to fork from must be a number")
            what["fork from decision"] = fields["from_decision"]
            what["policy for the abandoned part's CONFIRMED effects"] = action
        elif kind == "obligation":
            if action not in OBLIGATION_ACTIONS:
                raise errors.InvalidArgument(f"unknown obligation action {action[:40]!r}")
            what["obligation"] = f"{fields.get('run_id', '')}:{fields.get('seq', '')}"
        else:
            if action not in EFFECT_ACTIONS:
                raise errors.InvalidArgument(f"unknown effect action {action[:40]!r}")
            response, ref = _response_fields(fields, action)
            key = fields.get("key", "")
            effect = self.journal.get_effect(run_id=fields.get("run_id", ""), idempotency_key=key)
            if effect is None:
                raise errors.EffectNotFound(f"no such effect: {key!r} (run {fields['run_id']})")
            row = triage.effect_row(effect)
            what.update(
                effect=key,
                tool=effect.tool_name,
                status="STUCK" if row["stuck"] else row["status"],
                amount=row["amount"] or row["request_summary"],
                business_key=row["business_key"],
            )
            if action in ("confirm", "compensate"):
                what["the agent gets"] = (
                    views.pretty(response)
                    if response is not None
                    else "an operator receipt (no response given)"
                )
                what["external_ref"] = views.safe(ref) or "-"
        what["action"] = action
        what["operator"] = operator.name
        what["note"] = views.safe(fields.get("note", "").strip()) or "-"
        keep = (
            "kind",
            "run_id",
            "key",
            "seq",
            "from_decision",
            "action",
            "note",
            "response",
            "external_ref",
        )
        return {
            "what": what,
            "fields": {k: fields[k] for k in keep if fields.get(k)},
        }

    def _refusal(self, request: Request, operator: Operator | None, csrf: str) -> str:
        if not self.auth.enabled:
            return (
                "Refused: this dashboard is read-only (it was started without TAPE_UI_TOKEN). "
                "Nothing was changed; use `tape resolve` or restart `tape ui` with a token."
            )
        if operator is None:
            return "Refused: log in with the operator token to resolve. Nothing was changed."
        if not self.auth.csrf_ok(request, operator, csrf):
            return "Refused: the form's CSRF check failed (reload the page). Nothing was changed."
        return ""

    def _apply(self, fields: dict[str, str], operator: Operator) -> str:
        note = fields.get("note", "").strip()
        run_id = fields.get("run_id", "")
        action = fields.get("action", "")
        if fields.get("kind") == "divergence":
            if action not in DIVERGENCE_ACTIONS:
                raise errors.InvalidArgument(f"unknown divergence choice {action[:40]!r}")
            # abandon moves the run to COMPENSATING: the workers' compensation pass runs the
            # inverses (their code is registered there, not in the dashboard).
            choice, effects = DIVERGENCE_ACTIONS[action]
            run = self.journal.resolve_divergence(
                run_id=run_id, choice=choice, operator=operator.name, note=note, effects=effects
            )
            done = f"run {run_id} is {run.status.name} ({action}, by {operator.name})"
        elif fields.get("kind") == "fork":
            if action not in FORK_POLICIES:
                raise errors.InvalidArgument(f"unknown fork policy {action[:40]!r}")
            if not _SEQ.fullmatch(fields.get("from_decision", "")):
                raise errors.InvalidArgument("the decision to fork from must be a number")
            made = self.journal.fork_run(
                run_id=run_id,
                from_decision=int(fields["from_decision"]),
                policy=action,
                operator=operator.name,
                note=note,
            )
            done = f"run {run_id} forked into {made.run_id} ({action}, by {operator.name})"
        elif fields.get("kind") == "obligation":
            if action not in OBLIGATION_ACTIONS:
                raise errors.InvalidArgument(f"unknown obligation action {action[:40]!r}")
            if not _SEQ.fullmatch(fields.get("seq", "")):
                raise errors.InvalidArgument("the obligation seq must be a number")
            moved = self.journal.resolve_obligation(
                run_id=run_id,
                obligation_seq=int(fields["seq"]),
                status=OBLIGATION_ACTIONS[action],
                operator=operator.name,
                note=note,
            )
            done = f"obligation {run_id}:{moved.seq} is {moved.status.name}"
        else:
            if action not in EFFECT_ACTIONS:
                raise errors.InvalidArgument(f"unknown effect action {action!r}")
            response, ref = _response_fields(fields, action)
            key = fields.get("key", "")
            if self.journal.get_effect(run_id=run_id, idempotency_key=key) is None:
                raise errors.EffectNotFound(f"no such effect: {key!r} (run {run_id})")
            effect = self.journal.resolve_effect(
                run_id=run_id,
                idempotency_key=key,
                action=action,
                operator=operator.name,
                note=note,
                response_json=response,
                external_ref=ref,
            )
            done = f"effect {key} is {effect.status.name} ({action}, by {operator.name})"
        logger.info(
            "dashboard resolve: %s",
            done,
            extra={"action": "ui-resolve", "run_id": run_id, "operator": operator.name},
        )
        return done

    async def login(self, request: Request) -> Response:
        if request.method == "GET":
            return await run_in_threadpool(self.render, request, "login.html")
        form = await request.form()
        token = str(form.get("token", ""))
        name = str(form.get("operator", "")).strip()
        if not self.auth.enabled:
            error = "This dashboard is read-only: it was started without TAPE_UI_TOKEN."
        elif not self.auth.valid_operator(name):
            error = "Give your name (letters, digits, . _ @ + -; up to 64) to be journaled with."
        elif not self.auth.token_ok(token):
            error = "Wrong token."
        else:
            response = RedirectResponse("/triage", status_code=303)
            response.set_cookie(
                SESSION_COOKIE,
                self.auth.session_value(name),
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
            return response
        return await run_in_threadpool(self.render, request, "login.html", 403, error=error)

    def logout(self, request: Request) -> Response:
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    def healthz(self, request: Request) -> Response:
        try:
            self.journal.count_runs_by_status()
        except Exception as exc:
            return JSONResponse({"ok": False, "error": type(exc).__name__}, status_code=503)
        return JSONResponse({"ok": True})

    def metrics(self, request: Request) -> Response:
        return Response(metrics.exposition(self.journal), media_type=metrics.CONTENT_TYPE)


def _response_fields(fields: dict[str, str], action: str) -> tuple[Any, str]:
    """The form's ``response`` (parsed JSON, None when empty) and ``external_ref``.

    Raises:
        InvalidArgument: ``response`` is not JSON, or either is given with an action that
            records no result (absent, fail).
    """
    text = fields.get("response", "").strip()
    ref = fields.get("external_ref", "").strip()
    if (text or ref) and action not in ("confirm", "compensate"):
        raise errors.InvalidArgument(
            "response and external_ref go with confirm or compensate (absent and fail record "
            "no result); nothing was recorded"
        )
    if not text:
        return None, ref
    try:
        return json.loads(text), ref
    except ValueError as exc:
        raise errors.InvalidArgument(
            f"response is not JSON ({exc}); nothing was recorded. Give the upstream's record "
            'as JSON, e.g. {"external_ref": "wire-1", "status": "booked"}'
        ) from None


class Notices:
    """The success notices the triage page shows after a resolve, only from this server's own
    redirect: each is signed with a key made when the process starts (HMAC-SHA256) and
    expires after :attr:`ttl_s`, so a ``?done=`` someone typed or pasted shows nothing."""

    ttl_s = 300

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def _sign(self, message: str, at: str) -> str:
        return hmac.new(self._key, f"{at}\n{message}".encode(), hashlib.sha256).hexdigest()

    def signed(self, message: str) -> str:
        """The query string of the redirect that shows ``message``."""
        at = str(int(time.time()))
        return urlencode({"done": message, "at": at, "sig": self._sign(message, at)})

    def opened(self, message: str, sig: str, at: str) -> str:
        """``message`` if this process signed it in the last :attr:`ttl_s` seconds, else ""."""
        if not message or not sig or not at.isdigit():
            return ""
        if not 0 <= time.time() - int(at) <= self.ttl_s:
            return ""
        if not hmac.compare_digest(sig, self._sign(message, at)):
            return ""
        return message[:500]


def create_app(
    journal: Journal, *, token: str = "", refresh_s: float = REFRESH_S, public_reads: bool = False
) -> Starlette:
    """The dashboard over ``journal``; read-only unless ``token`` is given.

    Args:
        journal: the journal to show.
        token: the operator token (``TAPE_UI_TOKEN``); empty for a read-only dashboard.
        refresh_s: seconds between live refreshes of a page (0: none).
        public_reads: with a token, leave the pages and ``/metrics`` readable without it
            (only resolving needs it). Without a token, reading is always open.
    """
    board = Dashboard(journal, token, refresh_s, public_reads=public_reads)
    routes = [
        Route("/", board.guarded(board.runs)),
        Route("/runs/{run_id:path}", board.guarded(board.run)),
        Route("/triage", board.guarded(board.triage_get)),
        Route("/triage/resolve", board.resolve, methods=["POST"]),
        Route("/login", board.login, methods=["GET", "POST"]),
        Route("/logout", board.logout, methods=["POST"]),
        Route("/healthz", board.healthz),
        Route("/metrics", board.guarded(board.metrics)),
        Mount("/static", StaticFiles(packages=[("tape.ui", "static")]), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.dashboard = board
    return app


def _tree(journal: Journal, run_id: str) -> dict[str, Any] | None:
    """The run's parent, children, forks and pending deadline; None from a tape server older
    than its ``RunTree`` RPC."""
    try:
        return journal.run_tree(run_id=run_id)
    except errors.RemoteError:
        return None
