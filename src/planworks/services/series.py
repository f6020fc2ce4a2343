"""A scope's daily output over a period, for charts: day by day, cumulative against the
plan's expected path, the record days, and the output by quality grade."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
from sqlalchemy import Engine

from planworks.domain.periods import Period, day_number
from planworks.metrics.quality import Quality, quality
from planworks.metrics.records import record_days
from planworks.services.breakdown import planned_daily
from planworks.store.ledgers import rejected_daily
from planworks.store.migrate import require_current
from planworks.store.queries import (
    daily_by_grade,
    daily_series,
    last_report_day,
    load_plans,
    product_info,
    resolve_scope,
)

__all__ = ["Series", "scope_series"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Series:
    scope: str
    scope_name: str
    scope_name_zh: str | None
    product: str
    product_name: str
    product_name_zh: str | None
    uom: str
    period: Period
    as_of: date  # days after it are not counted (NaN in `daily`)
    daily: Floats  # output per day of the period
    cumulative: Floats
    target: float | None  # the plan for exactly this scope, product and period
    expected: Floats | None  # the plan's cumulative path: its breakdown's shape, else even
    records: list[date]  # days above every earlier day of the period
    grades: Quality | None  # None for a product without grades (and for output value)
    grade_totals: dict[float, float]  # quantity by grade over the counted days

    @property
    def dates(self) -> list[date]:
        return [self.period.start + timedelta(days=i) for i in range(self.period.days)]


def scope_series(
    engine: Engine, scope: str, product: str, period: Period, as_of: date | None = None
) -> Series:
    """The daily series of one scope (region subtree or unit) and product over a period."""
    require_current(engine)
    with engine.connect() as conn:
        where = resolve_scope(conn, scope)
        info = product_info(conn, product)
        first, last = day_number(period.start), day_number(period.end)
        if as_of is None:
            reported = last_report_day(conn, where, info)
            as_of = min(reported, period.end) if reported is not None else period.start
        counted = min(max(day_number(as_of) - first + 1, 0), period.days)
        daily = daily_series(conn, where, info, first, last).astype(np.float64)
        daily[counted:] = np.nan
        found = load_plans(conn, scope=scope, product=product, period=period)
        plan = found[0] if found else None
        expected = None
        if plan is not None:
            shape = planned_daily(conn, plan, period)
            per_day = (
                shape if shape is not None else np.full(period.days, plan.target / period.days)
            )
            expected = np.cumsum(per_day)
        by_grade = daily_by_grade(conn, where, info, first, last) if info.grades else {}
        refused = 0.0
        if info.id is not None and info.grades and counted:
            refused = float(rejected_daily(conn, where, info.id, first, first + counted - 1).sum())
    seen = np.nan_to_num(daily[:counted])
    totals = {g: float(v[:counted].sum()) for g, v in sorted(by_grade.items())}
    return Series(
        scope=where.code,
        scope_name=where.name,
        scope_name_zh=where.name_zh,
        product=info.code,
        product_name=info.name,
        product_name_zh=info.name_zh,
        uom=info.uom,
        period=period,
        as_of=as_of,
        daily=daily,
        cumulative=np.where(np.isnan(daily), np.nan, np.cumsum(np.nan_to_num(daily))),
        target=None if plan is None else plan.target,
        expected=expected,
        records=[period.start + timedelta(days=int(i)) for i in record_days(seen)],
        grades=quality(totals, float(seen.sum()), info.min_grade, refused) if info.grades else None,
        grade_totals=totals,
    )
