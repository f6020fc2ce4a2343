"""The web application: the REST API under /api and the pages, in one FastAPI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI
from sqlalchemy import Engine

from planworks import __version__
from planworks.api import problems
from planworks.api.batch import BATCH_JSON
from planworks.api.deps import RecentTokens
from planworks.api.routers import audit, catalog, metrics, plans, reports, session
from planworks.services.accounts import LoginLimiter
from planworks.services.reporting import ReportWriter, SubmitsReports
from planworks.services.writer_process import ReportWriterProcess
from planworks.store.engine import make_engine
from planworks.store.migrate import require_current

__all__ = ["create_app"]

API = "/api"


def create_app(
    engine: Engine | None = None,
    *,
    db: str | Path | None = None,
    pages: bool = True,
    writer: Literal["thread", "process"] = "thread",
) -> FastAPI:
    """The app on `engine` (or on the database `db`; default: the embedded one); without
    `pages`, the API alone. Reports are written by a thread of the app's process, or by
    a process of their own (`writer="process"`, as `planworks serve` runs: writing then
    never holds up the pages; it needs a database on disk or a server)."""
    engine = engine if engine is not None else make_engine(db)
    require_current(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        made: SubmitsReports = (
            ReportWriterProcess(engine, codecs=[BATCH_JSON])
            if writer == "process"
            else ReportWriter(engine)
        )
        app.state.report_writer = made
        try:
            yield
        finally:
            app.state.report_writer.close()

    app = FastAPI(
        lifespan=lifespan,
        title="planworks",
        version=__version__,
        description=(
            "Plans, daily reports and plan fulfilment for networks of small production "
            "units. Sign in with an API token (`Authorization: Bearer ...`) or, for pages, "
            "the session cookie (changes then need the `X-CSRF-Token` header)."
        ),
        openapi_url=f"{API}/openapi.json",
        docs_url=f"{API}/docs",
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.login_limiter = LoginLimiter()
    app.state.recent_tokens = RecentTokens()
    problems.install(app)
    _describe_bodies(app)
    for router in (
        session.router,
        catalog.router,
        plans.router,
        metrics.router,
        reports.router,
        audit.router,
    ):
        app.include_router(router, prefix=API)
    if pages:
        from planworks.web.pages import install as install_pages

        install_pages(app)
    return app


def _describe_bodies(app: FastAPI) -> None:
    """Add to the OpenAPI document the schemas of bodies that routes read themselves
    (the report batch's), which FastAPI does not see."""
    made = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schemas = made().setdefault("components", {}).setdefault("schemas", {})
            for name, schema in reports.body_schemas().items():
                schemas.setdefault(name, schema)
        return made()  # kept by FastAPI once made

    app.openapi = openapi  # type: ignore[method-assign]
