"""The API's request and response bodies (`XCreate` in, `XRead` out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from planworks.audit.panel import Check

__all__ = [
    "PROBLEMS",
    "TEXT_PATTERN",
    "AuditProductRead",
    "AuditRead",
    "BalanceRead",
    "BatchCreate",
    "BatchRead",
    "BulletinRead",
    "FigureRead",
    "FindingRead",
    "GradeShare",
    "LoginCreate",
    "MeRead",
    "PlanCreate",
    "PlanRead",
    "Problem",
    "ProductRead",
    "RankRead",
    "RegionRead",
    "ReportCreate",
    "ReportRead",
    "ResolutionRead",
    "RevisionRead",
    "SentenceRead",
    "SeriesRead",
    "StatusRead",
    "UnitRead",
    "VerdictCreate",
    "VerdictRead",
]

#: A code as the folder format has it: no | , tab or line break.
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^|,\x00-\x1f]+$")]
ReportId = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^|,\x00-\x1f]+$")]
#: Free text: anything printable (no NUL, which PostgreSQL's text refuses, nor controls)
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class ProblemError(BaseModel):
    field: str
    detail: str


class Problem(BaseModel):
    """An RFC 9457 problem document: what went wrong, and for bad input, where."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemError] | None = None


def _problem(description: str) -> dict[str, Any]:
    return {
        "model": Problem,
        "description": description,
        "content": {"application/problem+json": {}},
    }


#: The errors every route may answer with, documented once.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: _problem("Not signed in"),
    403: _problem("The role may not do this"),
    404: _problem("Not there, or not within your reach (the two look the same)"),
    422: _problem("Invalid input; `errors` names each field"),
    429: _problem("Too many failed log-ins"),
    503: _problem("The database is unavailable"),
}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginCreate(_In):
    name: Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)]
    password: Annotated[str, Field(min_length=1, max_length=1000, pattern=TEXT_PATTERN)]


class MeRead(BaseModel):
    name: str
    role: str
    region: str | None
    units: list[str]
    csrf_token: str | None = None  # for a cookie session: send it as X-CSRF-Token


class RegionRead(BaseModel):
    code: str
    name: str
    name_zh: str | None
    parent: str | None  # None at the top of what the reader may see
    children: int


class UnitRead(BaseModel):
    code: str
    name: str
    name_zh: str | None
    region: str
    kind: str
    industry: str | None
    product: str | None
    capacity: float | None
    opened: date
    closed: date | None
    status: str | None


class ProductRead(BaseModel):
    code: str
    name: str
    name_zh: str | None
    uom: str
    uom_zh: str | None
    price: float | None
    grades: list[float]
    min_grade: float | None


class PlanCreate(_In):
    scope: Code
    product: Code
    start: date
    end: date
    target: Amount
    name: Annotated[str | None, Field(max_length=200, pattern=TEXT_PATTERN)] = None
    priority: Annotated[float | None, Field(gt=0, allow_inf_nan=False)] = None


class PlanRead(BaseModel):
    id: int
    scope: str
    product: str
    start: date
    end: date
    target: float
    name: str | None
    version: int
    priority: float | None


class StatusRead(BaseModel):
    scope: str
    scope_name: str
    scope_name_zh: str | None
    product: str
    uom: str
    period: str
    start: date
    end: date
    as_of: date
    plan: str | None
    version: int | None
    target: float | None
    cumulative: float
    usable: float | None
    fulfilment_pct: float | None
    completion_date: date | None
    days_ahead: int | None
    overfulfilment_pct: float | None
    expected_to_date: float | None
    ahead_days: float | None
    growth_yoy_pct: float | None
    growth_prev_pct: float | None
    p_meet_pct: float | None
    completion_p10: date | None
    completion_p50: date | None
    completion_p90: date | None


class RankRead(BaseModel):
    rank: int | None
    code: str
    name: str
    value: float | None
    output: float = Field(description="As reported.")
    target: float | None
    usable: float | None = Field(
        description="Of the output, what is graded at or above the product's minimum grade "
        "(null for a product without one, or for output value)."
    )


class GradeShare(BaseModel):
    grade: float
    quantity: float
    share_pct: float


class SeriesRead(BaseModel):
    scope: str
    scope_name: str
    product: str
    uom: str
    start: date
    end: date
    as_of: date
    dates: list[date]
    daily: list[float | None]  # None: after the as-of day
    cumulative: list[float | None]
    target: float | None
    expected: list[float] | None  # the plan's cumulative path
    records: list[date]
    grades: list[GradeShare]
    usable: float | None
    ungraded: float | None


class FigureRead(BaseModel):
    label: str
    value: float | str | None
    query: str


class SentenceRead(BaseModel):
    en: str
    zh: str
    figures: list[FigureRead]


class BulletinRead(BaseModel):
    title: dict[str, str]
    sentences: list[SentenceRead]


class BalanceRead(BaseModel):
    scope: str
    start: date
    end: date
    lines: list[dict[str, Any]]
    flows: list[dict[str, Any]]
    chain: list[dict[str, Any]]
    weak_links: list[dict[str, Any]]
    targets: list[dict[str, Any]]


class ReportCreate(_In):
    report_id: ReportId  # chosen by the sender: a retry with the same id changes nothing
    unit: Code
    date: date
    product: Code
    quantity: Amount
    grade: Annotated[float | None, Field(allow_inf_nan=False)] = None
    value: Annotated[float | None, Field(ge=0, allow_inf_nan=False)] = None
    supersedes: Annotated[str | None, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)] = (
        None
    )
    reason: Annotated[str | None, Field(min_length=1, max_length=1000, pattern=TEXT_PATTERN)] = None


class ReportRead(BaseModel):
    report_id: str
    unit: str
    date: date
    product: str
    quantity: float
    grade: float | None
    value: float | None
    supersedes: str | None
    reason: str | None
    receipt: int  # the submission that stored it
    recorded_at: datetime


class BatchCreate(_In):
    reports: Annotated[list[ReportCreate], Field(min_length=1, max_length=10_000)]


class BatchRead(BaseModel):
    new: int  # reports stored by this submission; 0 for a retry
    reports: list[ReportRead]


class AuditProductRead(BaseModel):
    product: str
    units: int = Field(description="Units of the scope that reported the product.")
    unit_days: int = Field(description="Unit-days with a report, in the audited days.")
    reported: float = Field(description="Output as reported, in the audited days.")
    usable: float = Field(description="Of it, output at or above the minimum usable grade.")
    flagged_units: int = Field(description="Units with at least one finding.")


class ResolutionRead(BaseModel):
    verdict: str = Field(description="confirmed (the report was false) or explained (true).")
    resolved_on: date
    by: str
    note: str


class FindingRead(BaseModel):
    day: date
    unit: str = Field(
        description="The unit whose reports were judged; for a check of a region's own "
        "reported total (`judges_region`), the region's code."
    )
    judges_region: bool
    region: str | None = Field(
        description="Where the finding's desk starts: the unit's region (for a region's own "
        "total, the region above it); null: a region above your reach."
    )
    product: str
    check: str
    severity: str = Field(description="alert or crisis.")
    score: float | None = Field(description="The check's statistic.")
    reported: float | None = Field(description="What the unit reported that day.")
    held_by: str | None = Field(
        description="The region whose statisticians hold the finding on the as-of day (or "
        "held it when they resolved it); null: a region above your reach, where it climbed."
    )
    held_by_me: bool = Field(description="On your own desk: held by your region.")
    what: str = Field(description="The finding in words.")
    resolution: ResolutionRead | None


class RevisionRead(BaseModel):
    unit: str
    reports: int
    revisions: int
    share_pct: float
    mean_change_pct: float | None


class AuditRead(BaseModel):
    scope: str
    start: date | None = Field(description="The first day audited (null: no reports yet).")
    end: date | None
    as_of: date | None = Field(description="The day whose desks hold the findings.")
    days: int
    products: list[AuditProductRead]
    total: int = Field(description="Findings that match the filters, all of them.")
    crises: int
    alerts: int
    limit: int
    offset: int
    findings: list[FindingRead] = Field(
        description="Those from `offset` on, up to `limit`: crises first, then by day, "
        "product and unit."
    )
    revisions: list[RevisionRead]


class VerdictCreate(_In):
    unit: Code = Field(
        description="The unit of the finding; for a check of a region's total, the region."
    )
    product: Code
    day: date
    check: Check
    verdict: Annotated[str, Field(pattern="^(confirmed|explained)$")]
    note: Annotated[str, Field(min_length=1, max_length=2000, pattern=TEXT_PATTERN)]
    on: date | None = Field(default=None, description="The day it was resolved (default: today).")


class VerdictRead(BaseModel):
    unit: str
    product: str
    day: date
    check: str
    verdict: str
    resolved_on: date
    by: str
    note: str
