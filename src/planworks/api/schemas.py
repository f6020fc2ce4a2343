"""The API's request and response bodies (`XCreate` in, `XRead` out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "PROBLEMS",
    "TEXT_PATTERN",
    "BalanceRead",
    "BatchCreate",
    "BatchRead",
    "BulletinRead",
    "FigureRead",
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
    "SentenceRead",
    "SeriesRead",
    "StatusRead",
    "UnitRead",
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
