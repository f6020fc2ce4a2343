"""Reports: sent singly or in batches, idempotent by report_id; corrections supersede."""

from __future__ import annotations

import asyncio
import email.message
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from planworks.api.batch import (
    BATCH_JSON,
    BodyError,
    UnreadableBodyError,
    in_body,
    report_in,
)
from planworks.api.deps import ConnDep, PrincipalDep, ReachDep
from planworks.api.schemas import (
    PROBLEMS,
    TEXT_PATTERN,
    BatchCreate,
    BatchRead,
    ReportCreate,
    ReportRead,
)
from planworks.domain.errors import NotFoundError
from planworks.services.reporting import (
    StoredReport,
    SubmitsReports,
    reports_of_scope,
    stored_reports,
)

router = APIRouter(tags=["reports"], responses=PROBLEMS)

#: Set on the answer to a retry: nothing was written, the original result is returned.
REPLAYED = "Idempotent-Replayed"

#: The batch route's body in the OpenAPI document: the route reads the body itself
#: (the report writer parses it), so FastAPI does not describe it.
BATCH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchCreate"}}},
    }
}


def body_schemas() -> dict[str, Any]:
    """The schemas `BATCH_BODY` refers to, for the OpenAPI document's components."""
    schema = BatchCreate.model_json_schema(ref_template="#/components/schemas/{model}")
    found: dict[str, Any] = schema.pop("$defs", {})
    return {**found, "BatchCreate": schema}


def _read(r: StoredReport) -> ReportRead:
    return ReportRead.model_validate(r, from_attributes=True)


def writer(request: Request) -> SubmitsReports:
    found: SubmitsReports = request.app.state.report_writer
    return found


@router.post("/reports", response_model=ReportRead, status_code=status.HTTP_201_CREATED)
async def send_report(
    body: ReportCreate, principal: PrincipalDep, request: Request, response: Response
) -> ReportRead:
    """Send one report (or a correction: `supersedes` and a `reason`). Sent again with the
    same report_id and content, it changes nothing and returns the report as stored."""
    sent = writer(request).submit([report_in(body)], sender=principal, single=True)
    done = await asyncio.wrap_future(sent)
    if done.new == 0:
        response.headers[REPLAYED] = "true"
    return _read(done.reports[0])


@router.post(
    "/reports/batch",
    response_model=BatchRead,
    status_code=status.HTTP_201_CREATED,
    openapi_extra=BATCH_BODY,
)
async def send_reports(principal: PrincipalDep, request: Request) -> Response:
    """Send many reports at once (a `BatchCreate`): all are stored, or none (every
    problem is listed)."""
    # the body goes to the report writer as it came: parsing 500 reports, and encoding
    # the answer, would otherwise take milliseconds of the loop that serves every page
    body = await request.body()
    if not body or not _is_json(request.headers.get("content-type")):
        _refuse_as_fastapi(body)
    sent = writer(request).submit_body(body, BATCH_JSON, sender=principal)
    try:
        done = await asyncio.wrap_future(sent)
    except BodyError as e:
        raise RequestValidationError(in_body(e.errors)) from None
    except UnreadableBodyError as e:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(e)) from None
    headers = {REPLAYED: "true"} if done.new == 0 else None
    return Response(done.body, status.HTTP_201_CREATED, headers, media_type="application/json")


def _is_json(content_type: str | None) -> bool:
    """As FastAPI decides whether a body is JSON: `application/json` or
    `application/*+json` (strictly: a body without a content type is not)."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _refuse_as_fastapi(body: bytes) -> None:
    """A body that is empty or not JSON, refused as FastAPI refuses it: missing, or
    validated as the bytes it is."""
    if not body:
        raise RequestValidationError(
            [{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}]
        )
    try:
        BatchCreate.model_validate(body, from_attributes=True)  # as FastAPI validates
    except ValidationError as e:
        raise RequestValidationError(in_body(e.errors(include_url=False))) from None
    raise AssertionError("a batch was read from a body that is not JSON")  # pragma: no cover


@router.get("/reports", response_model=list[ReportRead])
def export_reports(
    reach: ReachDep,
    conn: ConnDep,
    scope: Annotated[
        str, Query(pattern=TEXT_PATTERN, max_length=64, description="A region or unit code.")
    ],
    start: date,
    end: date,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> list[ReportRead]:
    """The reports in force of a scope's units over [start, end], page by page."""
    reach.scope(conn, scope)
    found = reports_of_scope(conn, scope, start, end, limit=limit, offset=offset)
    return [_read(r) for r in found]


@router.get("/reports/{report_id}", response_model=ReportRead)
def report(
    report_id: Annotated[str, Path(pattern=TEXT_PATTERN, max_length=128)],
    reach: ReachDep,
    conn: ConnDep,
) -> ReportRead:
    """A stored report, if its unit is within your reach."""
    found = stored_reports(conn, [report_id]).get(report_id)
    if found is None or not reach.units(conn, [found.unit]).get(found.unit):
        raise NotFoundError(f"no report {report_id!r} within your reach", field="report_id")
    return _read(found)
