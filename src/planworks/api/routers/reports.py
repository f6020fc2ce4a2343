"""Reports: sent singly or in batches, idempotent by report_id; corrections supersede."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import TypeAdapter

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
    ReportIn,
    StoredReport,
    SubmitsReports,
    reports_of_scope,
    stored_reports,
)

router = APIRouter(tags=["reports"], responses=PROBLEMS)

#: Set on the answer to a retry: nothing was written, the original result is returned.
REPLAYED = "Idempotent-Replayed"

#: Stored reports as JSON, in the shape of `ReportRead` (a test holds the two equal).
_STORED = TypeAdapter(list[StoredReport])


def _in(r: ReportCreate) -> ReportIn:
    return ReportIn(
        report_id=r.report_id,
        unit=r.unit,
        date=r.date,
        product=r.product,
        quantity=r.quantity,
        grade=r.grade,
        value=r.value,
        supersedes=r.supersedes,
        reason=r.reason,
    )


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
    sent = writer(request).submit([_in(body)], sender=principal, single=True)
    done = await asyncio.wrap_future(sent)
    if done.new == 0:
        response.headers[REPLAYED] = "true"
    return _read(done.reports[0])


@router.post("/reports/batch", response_model=BatchRead, status_code=status.HTTP_201_CREATED)
async def send_reports(body: BatchCreate, principal: PrincipalDep, request: Request) -> Response:
    """Send many reports at once: all are stored, or none (every problem is listed)."""
    sent = writer(request).submit([_in(r) for r in body.reports], sender=principal)
    done = await asyncio.wrap_future(sent)
    # encoded straight from the stored reports: a model per report, made and then
    # serialised, cost four times as much, on the loop that serves every request
    answer = b'{"new":%d,"reports":%s}' % (done.new, _STORED.dump_json(done.reports))
    headers = {REPLAYED: "true"} if done.new == 0 else None
    return Response(answer, status.HTTP_201_CREATED, headers, media_type="application/json")


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
