"""Signing in and out with a name and password (the pages' session cookie)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.exceptions import HTTPException

from planworks.api.deps import SESSION_COOKIE, EngineDep, PrincipalDep, signed_in
from planworks.api.schemas import PROBLEMS, LoginCreate, MeRead
from planworks.domain.access import Principal
from planworks.services.accounts import LoginLimiter, authenticate, close_session, open_session

router = APIRouter(tags=["session"], responses=PROBLEMS)


def me_read(p: Principal, csrf: str | None = None) -> MeRead:
    return MeRead(
        name=p.name, role=p.role.value, region=p.region, units=sorted(p.units), csrf_token=csrf
    )


def limiter(request: Request) -> LoginLimiter:
    found: LoginLimiter = request.app.state.login_limiter
    return found


def log_in(
    request: Request, engine: EngineDep, name: str, password: str
) -> tuple[Principal, str, str]:
    """(principal, session secret, CSRF token), or 401 / 429 (too many failures)."""
    key = (name, request.client.host if request.client else "")
    wait = limiter(request).check(key)
    if wait > 0:
        raise HTTPException(
            429,
            "too many failed log-ins: try again later",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    principal = authenticate(engine, name, password)
    if principal is None:
        limiter(request).failed(key)
        raise HTTPException(401, "wrong name or password")
    limiter(request).succeeded(key)
    secret, csrf = open_session(engine, principal)
    return principal, secret, csrf


def set_cookie(response: Response, request: Request, secret: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=12 * 3600,
    )


@router.post("/session", response_model=MeRead)
def sign_in(body: LoginCreate, request: Request, response: Response, engine: EngineDep) -> MeRead:
    """Sign in: sets the session cookie and returns the CSRF token to send with changes."""
    principal, secret, csrf = log_in(request, engine, body.name, body.password)
    set_cookie(response, request, secret)
    return me_read(principal, csrf)


@router.delete("/session", status_code=204)
def sign_out(request: Request, response: Response, engine: EngineDep, _: PrincipalDep) -> None:
    """Sign out: the session ends."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        close_session(engine, secret)
    response.delete_cookie(SESSION_COOKIE)


@router.get("/me", response_model=MeRead)
def me(request: Request, engine: EngineDep, principal: PrincipalDep) -> MeRead:
    """Who is signed in (and, for a cookie session, its CSRF token)."""
    found = signed_in(request, engine)
    return me_read(principal, found[1] if found else None)
