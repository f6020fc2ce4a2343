"""What routes depend on: the database, the signed-in principal, and its reach.

A request is signed in by an API token (`Authorization: Bearer ...`) or by the session
cookie the log-in sets. A cookie-signed request that changes anything must also carry
the session's CSRF token (header `X-CSRF-Token`, or the form field `csrf` on pages): a
page of another site can make the browser send the cookie, but cannot read the token.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from planworks.domain.access import Principal
from planworks.services.access import Reach
from planworks.services.accounts import principal_for_token, session_principal

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "ConnDep",
    "EngineDep",
    "PrincipalDep",
    "ReachDep",
    "RecentTokens",
    "signed_in",
]

SESSION_COOKIE = "planworks_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


async def _engine(request: Request) -> Engine:  # async: no thread to fetch an attribute
    engine: Engine = request.app.state.engine
    return engine


EngineDep = Annotated[Engine, Depends(_engine)]


def _conn(engine: EngineDep) -> Iterator[Connection]:
    with engine.connect() as conn:
        yield conn


ConnDep = Annotated[Connection, Depends(_conn)]


def signed_in(request: Request, engine: Engine) -> tuple[Principal, str | None] | None:
    """The principal of the request and, for a cookie session, its CSRF token."""
    secret = _bearer(request)
    if secret is not None:
        found = principal_for_token(engine, secret)
        return None if found is None else (found, None)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return session_principal(engine, cookie)
    return None


class RecentTokens:
    """The principals of API tokens seen in the last `ttl_s` seconds.

    A machine sending reports one by one would otherwise cost a database read (and, on
    a busy server, a wait for a thread) per report for the same answer; and when many
    requests of a new token arrive at once, one of them looks it up for all. The price:
    a token revoked, or its user disabled, still works here for up to `ttl_s` seconds.
    """

    def __init__(self, ttl_s: float = 5.0, size: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.size = size
        self._seen: dict[str, tuple[Principal, float]] = {}
        self._looking: dict[str, asyncio.Future[Principal | None]] = {}

    async def principal(
        self, secret: str, look_up: Callable[[], Principal | None]
    ) -> Principal | None:
        """The token's principal, from memory or from `look_up` (run in a thread)."""
        hit = self._seen.get(secret)
        if hit is not None and hit[1] >= time.monotonic():
            return hit[0]
        pending = self._looking.get(secret)
        if pending is not None:
            return await asyncio.shield(pending)
        pending = asyncio.get_running_loop().create_future()
        self._looking[secret] = pending
        try:
            found = await run_in_threadpool(look_up)
        except BaseException as e:
            pending.set_exception(e)
            pending.exception()  # retrieved: the waiters re-raise it
            raise
        finally:
            del self._looking[secret]
        pending.set_result(found)
        if found is not None:
            if len(self._seen) >= self.size:
                self._seen.clear()
            self._seen[secret] = (found, time.monotonic() + self.ttl_s)
        return found


def _bearer(request: Request) -> str | None:
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


async def _principal(request: Request, engine: EngineDep) -> Principal:
    secret = _bearer(request)
    found: tuple[Principal, str | None] | None
    if secret is not None:
        recent: RecentTokens = request.app.state.recent_tokens
        known = await recent.principal(secret, lambda: principal_for_token(engine, secret))
        found = None if known is None else (known, None)
    else:
        found = await run_in_threadpool(signed_in, request, engine)
    if found is None:
        raise HTTPException(
            401,
            "sign in: an API token (Authorization: Bearer ...) or the session cookie",
            headers={"WWW-Authenticate": "Bearer"},
        )
    principal, csrf = found
    if (
        csrf is not None
        and request.method not in _SAFE
        and request.headers.get(CSRF_HEADER) != csrf
    ):
        raise HTTPException(403, f"a request signed by the session cookie needs {CSRF_HEADER}")
    return principal


PrincipalDep = Annotated[Principal, Depends(_principal)]


def _reach(principal: PrincipalDep, conn: ConnDep) -> Reach:
    return Reach.of(conn, principal)


ReachDep = Annotated[Reach, Depends(_reach)]
