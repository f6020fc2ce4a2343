"""The integrity audit: what the checks found in a scope, and verdicts on the findings.

Reading it is for those who judge reports (not reporters); recording a verdict is for
statisticians and administrators, on findings within their reach.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, status

from planworks.api.deps import EngineDep, PrincipalDep, ReachDep
from planworks.api.routers.metrics import DayQuery, ScopeQuery
from planworks.api.schemas import (
    PROBLEMS,
    TEXT_PATTERN,
    AuditProductRead,
    AuditRead,
    FindingRead,
    ResolutionRead,
    RevisionRead,
    VerdictCreate,
    VerdictRead,
)
from planworks.audit.panel import Severity
from planworks.domain.errors import InputError, InputProblem
from planworks.services.audit_access import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    FindingSeen,
    judge,
    read_audit,
)

__all__ = ["router"]

router = APIRouter(tags=["audit"], responses=PROBLEMS)


def _number(x: float) -> float | None:
    return None if not math.isfinite(x) else x


def _finding(s: FindingSeen) -> FindingRead:
    f, r = s.found.finding, s.found.resolution
    return FindingRead(
        day=f.day,
        unit=f.unit,
        judges_region=s.judges_region,
        region=s.region,
        product=s.found.product,
        check=f.check.value,
        severity=f.severity.name.lower(),
        score=_number(f.score),
        reported=_number(f.quantity),
        held_by=s.held_by,
        held_by_me=s.mine,
        what=s.what,
        resolution=None
        if r is None
        else ResolutionRead(
            verdict=r.verdict.value, resolved_on=r.resolved_on, by=r.by, note=r.note
        ),
    )


@router.get("/audit", response_model=AuditRead)
def integrity_audit(
    reach: ReachDep,
    engine: EngineDep,
    scope: ScopeQuery = None,
    start: DayQuery = None,
    end: DayQuery = None,
    as_of: DayQuery = None,
    product: Annotated[str | None, Query(pattern=TEXT_PATTERN, max_length=64)] = None,
    severity: Annotated[
        str | None, Query(pattern="^(alert|crisis)$", description="alert or crisis only.")
    ] = None,
    held_by_me: Annotated[
        bool, Query(description="Only the findings on your own desk (held by your region).")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> AuditRead:
    """What the checks found in a scope (default: your region) over `start`..`end` (at
    most 92 days), as of `as_of`; without days, the last day with reports. Per product,
    output as reported against usable output; the findings, crises first, with whose
    desk each is on; the units that revise their reports."""
    try:
        seen = read_audit(
            engine,
            reach,
            scope,
            start=start,
            end=end,
            as_of=as_of,
            product=product,
            severity=None if severity is None else Severity[severity.upper()],
            held_by_me=held_by_me,
            limit=limit,
            offset=offset,
        )
    except InputError as e:  # named as the query's fields
        raise InputError(
            [InputProblem(p.message, column=f"query.{p.column or 'scope'}") for p in e.problems]
        ) from None
    return AuditRead(
        scope=seen.scope,
        start=seen.start,
        end=seen.end,
        as_of=seen.as_of,
        days=seen.days,
        products=[AuditProductRead.model_validate(p, from_attributes=True) for p in seen.products],
        total=seen.total,
        crises=seen.crises,
        alerts=seen.alerts,
        limit=limit,
        offset=offset,
        findings=[_finding(s) for s in seen.findings],
        revisions=[
            RevisionRead(
                unit=r.unit,
                reports=r.reports,
                revisions=r.revisions,
                share_pct=r.share_pct,
                mean_change_pct=None if r.mean_change_pct is None else _number(r.mean_change_pct),
            )
            for r in seen.revisions
        ],
    )


@router.post("/audit/verdicts", response_model=VerdictRead, status_code=status.HTTP_201_CREATED)
def record_verdict(body: VerdictCreate, principal: PrincipalDep, engine: EngineDep) -> VerdictRead:
    """Resolve a finding of the audit (statisticians and administrators, within reach):
    `confirmed`, the report was false; `explained`, it was true. It stops climbing the
    region tree and is shown resolved from the day it was resolved (`on`, default today).
    A finding is resolved once; `by` is you."""
    r = judge(
        engine,
        principal,
        body.unit,
        body.product,
        body.day,
        body.check,
        verdict=body.verdict,
        note=body.note,
        on=body.on,
    )
    return VerdictRead(
        unit=r.unit,
        product=r.product,
        day=r.day,
        check=r.check,
        verdict=r.verdict.value,
        resolved_on=r.resolved_on,
        by=r.by,
        note=r.note,
    )
