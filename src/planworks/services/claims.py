"""Answering queries (`planworks.domain.claims.Query`) from the data, and checking claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, Engine

from planworks.domain.claims import Claim, Measure, Query
from planworks.domain.errors import NotFoundError
from planworks.domain.periods import day_number
from planworks.metrics.quality import quality
from planworks.metrics.records import first_day_over
from planworks.services.status import scope_status
from planworks.store.activity import (
    byproduct_totals,
    inspection,
    new_products,
    output_per_worker,
    units_closed,
    units_merged,
    units_open,
    units_opened,
    workers_on,
)
from planworks.store.ledgers import rejected_daily
from planworks.store.migrate import require_current
from planworks.store.queries import (
    ProductInfo,
    Scope,
    daily_by_grade,
    daily_series,
    product_info,
    resolve_scope,
    units_producing,
)

__all__ = ["ClaimResult", "answer", "check_claims"]

Answer = float | date | None


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    value: Answer
    holds: bool


def answer(conn: Connection, query: Query, as_of: date) -> Answer:
    """The figure a query asks for, computed from the stored reports as of `as_of`."""
    as_of = query.as_of or as_of
    period = query.period
    measure = query.measure
    if measure in _PLAN_MEASURES:
        row = scope_status(conn, query.scope, query.product, period, as_of)
        if row.target is None:
            raise NotFoundError(
                f"no plan for {query.scope}, {query.product}, {period.label()} to measure "
                f"{measure} against"
            )
        return {
            Measure.FULFILMENT_PCT: row.fulfilment_pct,
            Measure.COMPLETION_DATE: row.completion_date,
            Measure.DAYS_AHEAD: row.days_ahead,
            Measure.OVERFULFILMENT_PCT: row.overfulfilment_pct,
            Measure.TARGET: row.target,
            Measure.AHEAD_DAYS: row.ahead_days,
            Measure.P_MEET_PCT: row.p_meet_pct,
            Measure.COMPLETION_P10: row.completion_p10,
            Measure.COMPLETION_P50: row.completion_p50,
            Measure.COMPLETION_P90: row.completion_p90,
        }[measure]
    if measure in (Measure.GROWTH_PREV_PCT, Measure.GROWTH_YOY_PCT):
        row = scope_status(conn, query.scope, query.product, period, as_of)
        return row.growth_prev_pct if measure is Measure.GROWTH_PREV_PCT else row.growth_yoy_pct
    scope = resolve_scope(conn, query.scope)
    if measure in _ACTIVITY:
        return _activity(conn, query, scope, as_of)
    product = product_info(conn, query.product)
    if measure is Measure.UNITS_PRODUCING:
        return float(units_producing(conn, scope, product, period))
    last = min(period.end, as_of)
    if last < period.start:
        return None
    first_day, last_day = day_number(period.start), day_number(last)
    if measure in (Measure.MEAN_GRADE, Measure.GRADE_SHARE_PCT, Measure.USABLE_PCT):
        by_grade = daily_by_grade(conn, scope, product, first_day, last_day)
        total = float(daily_series(conn, scope, product, first_day, last_day).sum())
        refused = _refused(conn, scope, product, first_day, last_day)
        graded = {g: float(v.sum()) for g, v in by_grade.items()}
        q = quality(graded, total, product.min_grade, refused)
        if measure is Measure.MEAN_GRADE:
            return q.mean_grade
        if measure is Measure.USABLE_PCT:
            return None if total <= 0 else 100 * q.usable / total
        return q.shares_pct.get(float(query.grade or 0.0), 0.0)
    daily = daily_series(conn, scope, product, first_day, last_day)
    if measure is Measure.CUMULATIVE:
        return float(daily.sum())
    if measure is Measure.DAILY_MIN:
        return float(daily.min())
    if measure is Measure.DAILY_MAX:
        return float(daily.max())
    if measure is Measure.BEST_DAY:
        return period.start + timedelta(days=int(daily.argmax())) if daily.max() > 0 else None
    if measure is Measure.FIRST_DAY_OVER:
        k = first_day_over(daily, query.threshold or 0.0)
        return None if k is None else period.start + timedelta(days=k)
    raise ValueError(f"unknown measure {measure}")


_PLAN_MEASURES = frozenset(
    {
        Measure.FULFILMENT_PCT,
        Measure.COMPLETION_DATE,
        Measure.DAYS_AHEAD,
        Measure.OVERFULFILMENT_PCT,
        Measure.TARGET,
        Measure.AHEAD_DAYS,
        Measure.P_MEET_PCT,
        Measure.COMPLETION_P10,
        Measure.COMPLETION_P50,
        Measure.COMPLETION_P90,
    }
)


_ACTIVITY = frozenset(
    {
        Measure.UNITS_OPENED,
        Measure.UNITS_OPEN,
        Measure.UNITS_MERGED,
        Measure.UNITS_CLOSED,
        Measure.NEW_PRODUCTS,
        Measure.PROBLEMS_FOUND,
        Measure.PROBLEMS_WITH_MEASURE_PCT,
        Measure.INSPECTORS,
        Measure.PROBLEMS_DONE,
        Measure.BYPRODUCT_RATIO,
        Measure.BYPRODUCTS,
        Measure.WASTE_USE_PCT,
        Measure.WORKERS_CHANGE,
        Measure.OUTPUT_PER_WORKER_GROWTH_PCT,
    }
)


_INSPECTION = frozenset(
    {
        Measure.PROBLEMS_FOUND,
        Measure.PROBLEMS_WITH_MEASURE_PCT,
        Measure.INSPECTORS,
        Measure.PROBLEMS_DONE,
    }
)


def _activity(conn: Connection, query: Query, scope: Scope, as_of: date) -> Answer:
    """Measures of what units did rather than of one product's output."""
    first = day_number(query.start)
    last = day_number(min(query.end, as_of))
    measure = query.measure
    if measure is Measure.UNITS_OPENED:
        return float(units_opened(conn, scope, first, last))
    if measure is Measure.UNITS_OPEN:
        return float(units_open(conn, scope, last))
    if measure is Measure.UNITS_MERGED:
        return float(units_merged(conn, scope, first, last))
    if measure is Measure.UNITS_CLOSED:
        return float(units_closed(conn, scope, first, last))
    if measure is Measure.NEW_PRODUCTS:
        return float(new_products(conn, scope, first, last))
    if measure in _INSPECTION:
        found = inspection(conn, scope, first, last, query.campaign)
        if measure is Measure.PROBLEMS_FOUND:
            return float(found.problems)
        if measure is Measure.PROBLEMS_DONE:
            return float(found.done)
        if measure is Measure.INSPECTORS:
            return None if found.inspectors is None else float(found.inspectors)
        return found.with_measure_pct
    if measure in (Measure.BYPRODUCT_RATIO, Measure.BYPRODUCTS, Measure.WASTE_USE_PCT):
        totals = byproduct_totals(conn, scope, first, last)
        if measure is Measure.WASTE_USE_PCT:
            return totals.waste_use_pct
        return totals.ratio if measure is Measure.BYPRODUCT_RATIO else float(totals.byproducts)
    if measure is Measure.WORKERS_CHANGE:
        return float(workers_on(conn, scope, last) - workers_on(conn, scope, first))
    # output per worker against the run of days of the same length just before
    now = output_per_worker(conn, scope, first, last)
    before = output_per_worker(conn, scope, first - (last - first + 1), first - 1)
    if now is None or before is None or before <= 0:
        return None
    return (now / before - 1) * 100


def check_claims(engine: Engine, claims: tuple[Claim, ...], as_of: date) -> list[ClaimResult]:
    """Compute each claim's figure and whether it says what the source says."""
    require_current(engine)
    with engine.connect() as conn:
        results = []
        for claim in claims:
            value = answer(conn, claim.query, as_of)
            results.append(ClaimResult(claim, value, claim.expect.holds(value)))
    return results


def _refused(conn: Connection, scope: Scope, product: ProductInfo, first: int, last: int) -> float:
    """What units downstream refused of the scope's output of the product."""
    if product.id is None:
        return 0.0
    return float(rejected_daily(conn, scope, product.id, first, last).sum())
