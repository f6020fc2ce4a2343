"""The pages: server-rendered HTML over the services, behind the API's sign-in and reach.

    GET  /login, POST /login, POST /logout     signing in and out (the session cookie)
    GET  /                                     to the reader's home page
    GET  /regions, /regions/{code}             regions and the progress of their plans
    GET  /search?q=                            regions and units within reach
    GET  /status?scope=&product=&period=       one plan: figures, charts, ranking
    GET  /bulletin?scope=&period=              the bulletin
    GET  /balance?scope=&period=               material balance, flows, weak links
    GET  /audit?scope=&as_of=&days=&product=&severity=&mine=
                                               the integrity audit's findings
    POST /audit/verdicts                       a verdict on a finding
    GET  /report, POST /report                 the daily report form

A place out of the reader's reach is answered with the same 404 page as a place that
does not exist. Every form that changes something carries the session's CSRF token in
the field `csrf`; the log-in form, before there is a session, carries a token that must
match a cookie set with the form (a page of another site can make a browser send the
cookie, but cannot read it to fill in the field). `?lang=zh` (or `en`) switches the
language and keeps it in a cookie.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Depends, FastAPI, Form, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from planworks.api.deps import SESSION_COOKIE, EngineDep, signed_in
from planworks.api.routers.session import log_in, set_cookie
from planworks.domain.access import Action, Principal, Role
from planworks.domain.errors import AccessError, InputError, NotFoundError, PlanworksError
from planworks.services.access import Reach
from planworks.services.accounts import close_session
from planworks.services.reporting import ReportIn, Submission, SubmitsReports
from planworks.web import audit as audits
from planworks.web import balance as balances
from planworks.web import reporting, views
from planworks.web.i18n import DEFAULT_LANG, LANGS, MESSAGES, Formatter, pick, t

__all__ = ["CSRF_FIELD", "LANG_COOKIE", "LOGIN_CSRF_COOKIE", "STATIC", "install"]

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

LANG_COOKIE = "lang"
LOGIN_CSRF_COOKIE = "planworks_login_csrf"
CSRF_FIELD = "csrf"

#: Pages load scripts and styles from this site only; no page may be framed.
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages show what one reader may see
}


def href(path: str, /, **params: object) -> str:
    """A link to a page with these query parameters (those that are None or "" left out)."""
    kept = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    return f"{path}?{urlencode(kept)}" if kept else path


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["href"] = href
    env.globals["quote"] = quote
    return env


templates = Jinja2Templates(env=_environment())


@dataclass(frozen=True)
class Viewer:
    """The signed-in reader of a page."""

    principal: Principal
    csrf: str | None
    reach: Reach

    @property
    def may_report(self) -> bool:
        return self.principal.allows(Action.REPORT)

    @property
    def may_audit(self) -> bool:
        return self.principal.allows(Action.AUDIT)


class _SignInFirstError(Exception):
    """The page needs a signed-in reader: answered by a redirect to the log-in page."""


class _CsrfError(Exception):
    """A form without the session's CSRF token: answered by a 403 page."""


def lang_of(request: Request) -> str:
    """The language asked for (`?lang=`), else the one chosen before (the cookie)."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(LANG_COOKIE)
    return kept if kept in LANGS else DEFAULT_LANG


def _switch_href(request: Request, lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*params, ('lang', other)])}"


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A page in the reader's language."""
    lang = lang_of(request)
    viewer: Viewer | None = getattr(request.state, "viewer", None)

    def translate(key: str, /, **values: object) -> str:
        return t(key, lang, **values)

    def name(n: views.Named) -> str:
        return pick(lang, n.name, n.name_zh)

    def say(message: str) -> str:
        """A message key in the reader's language; a service's own text as it is."""
        return t(message, lang) if message in MESSAGES else message

    page: dict[str, Any] = {
        "lang": lang,
        "t": translate,
        "name": name,
        "say": say,
        "known": MESSAGES,
        "fmt": Formatter(lang),
        "viewer": viewer,
        "csrf": viewer.csrf if viewer is not None else None,
        "switch_href": _switch_href(request, lang),
        "charts": False,
    }
    page.update(context or {})
    return templates.TemplateResponse(
        request, template, page, status_code=status, headers=dict(headers or {})
    )


def _error(
    request: Request, status: int, title: str, message: str, problems: list[str] | None = None
) -> Response:
    return render(
        request,
        "error.html",
        {"title_key": title, "message_key": message, "problems": problems or []},
        status=status,
    )


class _PageRoute(APIRoute):
    """A page route: errors as pages (a place out of reach as the 404 page of a place
    that does not exist), the language kept, and the pages' headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                response = await handle(request)
            except _SignInFirstError:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response = RedirectResponse(href("/login", next=target), status_code=303)
            except RequestValidationError as e:
                problems = [str(err.get("msg", "")) for err in e.errors()]
                response = _error(request, 422, "error.input.title", "error.input", problems)
            except _CsrfError:
                response = _error(request, 403, "error.forbidden.title", "error.csrf")
            except NotFoundError:
                response = _error(request, 404, "error.not_found.title", "error.not_found")
            except AccessError:
                response = _error(request, 403, "error.forbidden.title", "error.forbidden")
            except InputError as e:
                response = _error(
                    request,
                    400,
                    "error.input.title",
                    "error.input",
                    [p.message for p in e.problems],
                )
            except PlanworksError as e:
                response = _error(request, 400, "error.input.title", "error.input", [str(e)])
            asked = request.query_params.get("lang")
            if asked in LANGS and request.cookies.get(LANG_COOKIE) != asked:
                response.set_cookie(
                    LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax", httponly=True
                )
            for key, value in _HEADERS.items():
                response.headers.setdefault(key, value)
            return response

        return page


router = APIRouter(route_class=_PageRoute, include_in_schema=False)


def _viewer(request: Request, engine: EngineDep) -> Viewer:
    found = signed_in(request, engine)
    if found is None:
        raise _SignInFirstError
    principal, csrf = found
    with engine.connect() as conn:
        viewer = Viewer(principal, csrf, Reach.of(conn, principal))
    request.state.viewer = viewer
    return viewer


ViewerDep = Annotated[Viewer, Depends(_viewer)]
Text = Annotated[str, Form(max_length=2000)]
Param = str | None


def _check_csrf(viewer: Viewer, sent: str) -> None:
    """The form carries the session's CSRF token (a session signed in by an API token
    has none, and may not use the forms)."""
    if viewer.csrf is None or not secrets.compare_digest(
        viewer.csrf.encode(), sent.encode() if sent else b""
    ):
        raise _CsrfError


def _safe_next(target: str | None) -> str | None:
    """A page of this site to go to after signing in (never another site's: browsers
    read `//host`, `/\\host` and `/<tab>/host` as another site)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in target)
    ):
        return None
    return target


# -- signing in and out ---------------------------------------------------------------


def _login_page(
    request: Request,
    *,
    name: str = "",
    next_page: str | None = None,
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {
            "token": token,
            "name_value": name,
            "next": _safe_next(next_page),
            "error": error,
            "notice": notice,
        },
        status=status,
        headers=headers,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request, next: Param = None, out: Param = None) -> Response:
    return _login_page(
        request, next_page=next, notice=t("login.signed_out", lang_of(request)) if out else None
    )


@router.post("/login")
def login(
    request: Request,
    engine: EngineDep,
    name: Text = "",
    password: Text = "",
    csrf: Text = "",
    next: Text = "",
) -> Response:
    lang = lang_of(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected.encode(), csrf.encode()):
        return _login_page(
            request, name=name, next_page=next, error=t("login.expired", lang), status=403
        )
    if not name or not password or len(name) > 200 or len(password) > 1000:
        return _login_page(
            request, name=name, next_page=next, error=t("login.missing", lang), status=422
        )
    try:
        _, secret, _ = log_in(request, engine, name, password)
    except HTTPException as e:
        if e.status_code == 429:
            wait = (e.headers or {}).get("Retry-After", "60")
            return _login_page(
                request,
                name=name,
                next_page=next,
                error=t("login.too_many", lang, seconds=wait),
                status=429,
                headers={"Retry-After": wait},
            )
        return _login_page(
            request, name=name, next_page=next, error=t("login.wrong", lang), status=401
        )
    response = RedirectResponse(_safe_next(next) or "/", status_code=303)
    set_cookie(response, request, secret)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, engine: EngineDep, viewer: ViewerDep, csrf: Text = "") -> Response:
    _check_csrf(viewer, csrf)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        close_session(engine, secret)
    response = RedirectResponse("/login?out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# -- reading --------------------------------------------------------------------------


def home_of(engine: Engine, principal: Principal) -> str:
    """Where a reader starts: a reporter at the report form, the others at their region
    (an administrator at the top region)."""
    if principal.role is Role.REPORTER:
        return "/report"
    if principal.region is not None:
        return f"/regions/{quote(principal.region, safe='')}"
    with engine.connect() as conn:
        tops = Reach.of(conn, principal).regions.children(None)
    return f"/regions/{quote(tops[0], safe='')}" if len(tops) == 1 else "/regions"


@router.get("/")
def home(request: Request, engine: EngineDep) -> Response:
    found = signed_in(request, engine)
    if found is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(home_of(engine, found[0]), status_code=303)


@router.get("/regions")
def regions(request: Request, viewer: ViewerDep) -> Response:
    return render(request, "regions.html", {"tops": views.regions_view(viewer.reach)})


@router.get("/regions/{code}")
def region(
    request: Request,
    engine: EngineDep,
    viewer: ViewerDep,
    code: str,
    product: Param = None,
    period: Param = None,
    below: Param = None,
) -> Response:
    view = views.region_view(engine, viewer.reach, code, product, period, bool(below))
    return render(request, "region.html", {"view": view})


@router.get("/search")
def search(request: Request, engine: EngineDep, viewer: ViewerDep, q: Param = None) -> Response:
    return render(
        request, "search.html", {"view": views.search_view(engine, viewer.reach, q or "")}
    )


@router.get("/status")
def plan_status(
    request: Request,
    engine: EngineDep,
    viewer: ViewerDep,
    scope: Param = None,
    product: Param = None,
    period: Param = None,
    by: Param = None,
    level: Param = None,
) -> Response:
    view = views.status_view(engine, viewer.reach, scope, product, period, by, level)
    return render(request, "status.html", {"view": view, "charts": view.series is not None})


@router.get("/bulletin")
def news_bulletin(
    request: Request,
    engine: EngineDep,
    viewer: ViewerDep,
    scope: Param = None,
    period: Param = None,
) -> Response:
    view = views.bulletin_view(engine, viewer.reach, scope, period)
    return render(request, "bulletin.html", {"view": view})


@router.get("/balance")
def balance(
    request: Request,
    engine: EngineDep,
    viewer: ViewerDep,
    scope: Param = None,
    period: Param = None,
) -> Response:
    view = balances.balance_view(engine, viewer.reach, scope, period)
    lang = lang_of(request)

    def kind(code: str) -> str:
        key = f"kind.{code}"
        return t(key, lang) if key in MESSAGES else code

    flows = balances.sankey(
        view, lang, t("balance.units_of", lang), t("balance.produced", lang), kind
    )
    return render(request, "balance.html", {"view": view, "sankey": flows, "charts": True})


# -- the audit ------------------------------------------------------------------------


@router.get("/audit")
def integrity_audit(
    request: Request,
    engine: EngineDep,
    viewer: ViewerDep,
    scope: Param = None,
    as_of: Param = None,
    days: Param = None,
    product: Param = None,
    severity: Param = None,
    mine: Param = None,
    saved: Param = None,
) -> Response:
    view = audits.audit_view(
        engine, viewer.reach, scope, as_of, days, product, severity, bool(mine), saved
    )
    return render(request, "audit.html", {"view": view, "problems": [], "failed": None})


@router.post("/audit/verdicts")
def record_verdict(
    request: Request,
    engine: EngineDep,
    viewer: ViewerDep,
    unit: Text = "",
    product: Text = "",
    day: Text = "",
    check: Text = "",
    verdict: Text = "",
    note: Text = "",
    on: Text = "",
    back: Text = "",
    csrf: Text = "",
) -> Response:
    _check_csrf(viewer, csrf)
    values = {
        "unit": unit,
        "product": product,
        "day": day,
        "check": check,
        "verdict": verdict,
        "note": note,
        "on": on,
    }
    try:
        done = audits.judge(engine, viewer.reach, values)
    except InputError as e:
        # the page it came from again, the problems above it and what was typed kept
        q = audits.query_of(back)
        view = audits.audit_view(
            engine,
            viewer.reach,
            q.get("scope"),
            q.get("as_of"),
            q.get("days"),
            q.get("product"),
            q.get("severity"),
            bool(q.get("mine")),
        )
        failed = {"key": f"{unit}|{product}|{day}|{check}", "verdict": verdict, "note": note}
        problems = [p.message for p in e.problems]
        context = {"view": view, "problems": problems, "failed": failed}
        return render(request, "audit.html", context, status=422)
    saved = audits.saved_key(done.unit, done.product, done.day, done.check)
    return RedirectResponse(audits.back_to(back, saved), status_code=303)


# -- reporting ------------------------------------------------------------------------


@router.get("/report")
def report_form(
    request: Request,
    engine: EngineDep,
    viewer: ViewerDep,
    unit: Param = None,
    product: Param = None,
) -> Response:
    values = {"unit": unit or "", "product": product or "", "report_id": str(uuid.uuid4())}
    form = reporting.report_form(engine, viewer.reach, {k: v for k, v in values.items() if v})
    return render(request, "report.html", {"form": form})


def _recorder(request: Request, viewer: Viewer) -> reporting.Record | None:
    """The app's report writer (one writer for every sender), when it runs."""
    writer: SubmitsReports | None = getattr(request.app.state, "report_writer", None)
    if writer is None:
        return None

    def record(sent: Sequence[ReportIn]) -> Submission:
        return writer.submit(sent, sender=viewer.principal, single=True).result()

    return record


@router.post("/report")
def send_report(
    request: Request,
    engine: EngineDep,
    viewer: ViewerDep,
    unit: Text = "",
    date: Text = "",
    product: Text = "",
    quantity: Text = "",
    grade: Text = "",
    value: Text = "",
    report_id: Text = "",
    csrf: Text = "",
) -> Response:
    _check_csrf(viewer, csrf)
    values = {
        "unit": unit,
        "date": date,
        "product": product,
        "quantity": quantity,
        "grade": grade,
        "value": value,
        "report_id": report_id,
    }
    done = reporting.send_report(engine, viewer.reach, values, _recorder(request, viewer))
    if isinstance(done, reporting.ReportSaved):
        return render(request, "report_done.html", {"done": done, "recorded": reporting.recorded})
    errors, problems = done
    if not report_id:
        values["report_id"] = str(uuid.uuid4())
    form = reporting.report_form(engine, viewer.reach, values, errors, problems)
    return render(request, "report.html", {"form": form}, status=422)


def install(app: FastAPI) -> None:
    """Add the pages and their static files (/static) to the app."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)
