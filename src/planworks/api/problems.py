"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error the API answers with has `type`, `title`, `status` and `detail`; input
problems add `errors`, each naming the field (`reports[2].quantity`, `query.period`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from planworks.domain.errors import (
    AccessError,
    InputError,
    NotFoundError,
    PlanworksError,
    StoreError,
)

__all__ = ["PROBLEM", "install", "problem"]

PROBLEM = "application/problem+json"
_TYPES = "https://planworks.example/problems/"


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    kind: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": _TYPES + kind,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    """`("body", "reports", 2, "quantity")` as `reports[2].quantity`."""
    parts = list(loc[1:] if loc and loc[0] == "body" else loc)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "body"


def install(app: FastAPI) -> None:
    """Answer every error with a problem document."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _field(tuple(e["loc"])), "detail": e["msg"]} for e in exc.errors()]
        return problem(
            422,
            "Invalid input",
            f"{len(errors)} problem(s) in the request",
            kind="invalid-input",
            errors=errors,
        )

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        errors = [{"field": p.column or "body", "detail": p.message} for p in exc.problems]
        detail = f"{len(exc.problems) + exc.more} problem(s) in the input"
        return problem(422, "Invalid input", detail, kind="invalid-input", errors=errors)

    @app.exception_handler(NotFoundError)
    async def _missing(request: Request, exc: NotFoundError) -> JSONResponse:
        errors = [{"field": exc.field, "detail": str(exc)}] if exc.field else None
        return problem(404, "Not found", str(exc), kind="not-found", errors=errors)

    @app.exception_handler(AccessError)
    async def _refused(request: Request, exc: AccessError) -> JSONResponse:
        return problem(403, "Forbidden", str(exc), kind="forbidden")

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        return problem(503, "Database unavailable", str(exc), kind="store")

    @app.exception_handler(PlanworksError)
    async def _other(request: Request, exc: PlanworksError) -> JSONResponse:
        return problem(400, "Bad request", str(exc), kind="bad-request")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        title = {401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed"}
        return problem(
            exc.status_code,
            title.get(exc.status_code, "Error"),
            str(exc.detail),
            kind={401: "unauthorized", 403: "forbidden", 404: "not-found"}.get(
                exc.status_code, "error"
            ),
            headers=getattr(exc, "headers", None),
        )
