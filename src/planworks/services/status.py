"""Plan status: fulfilment, completion, days ahead, growth, for plans and for scopes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Engine, select

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.periods import Period, day_number
from planworks.metrics.fulfilment import Progress, comparable_days, growth_pct, plan_progress
from planworks.metrics.rollup import rollup
from planworks.store.migrate import require_current
from planworks.store.queries import (
    PlanRecord,
    ProductInfo,
    Scope,
    daily_series,
    last_report_day,
    load_plans,
    product_info,
    region_tree,
    resolve_scope,
)
from planworks.store.series import Daily, read_totals
from planworks.store.tables import products, regions

__all__ = ["StatusRow", "parse_period", "scope_status", "status", "status_of_regions"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class StatusRow:
    """The state of one plan (or, without a target, of one scope's actuals)."""

    scope: str
    scope_name: str
    product: str
    uom: str
    start: date
    end: date
    as_of: date
    target: float | None
    cumulative: float
    fulfilment_pct: float | None
    completion_date: date | None
    days_ahead: int | None
    overfulfilment_pct: float | None
    expected_to_date: float | None
    ahead_days: float | None
    growth_yoy_pct: float | None
    growth_prev_pct: float | None
    plan: str | None = None
    version: int | None = None
    scope_name_zh: str | None = None

    @property
    def period(self) -> Period:
        return Period.of(self.start, self.end)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, float):
                value = None if math.isnan(value) else round(value, 6)
            out[key] = value
        out["period"] = self.period.label()
        return out


def _f(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _as_of(conn: Connection, scope: Scope, product: ProductInfo, period: Period) -> date:
    """Default as-of date: the last day reported for the scope (the day before the period
    starts if nothing was), never after today."""
    last = last_report_day(conn, scope, product)
    day = last if last is not None else period.start - timedelta(days=1)
    return min(day, date.today())


def status(
    engine: Engine,
    *,
    scope: str | None = None,
    product: str | None = None,
    period: Period | None = None,
    as_of: date | None = None,
) -> list[StatusRow]:
    """The status of every plan matching the filters (every plan without any).

    With a scope, a product and a period but no plan for exactly them, one row with
    the actuals and no target.
    """
    require_current(engine)
    with engine.connect() as conn:
        found = load_plans(conn, scope=scope, product=product, period=period)
        if not found and scope is not None and product is not None and period is not None:
            return [scope_status(conn, scope, product, period, as_of=as_of)]
        return [
            scope_status(conn, p.scope, p.product, Period.of(p.start, p.end), as_of, plan=p)
            for p in found
        ]


def scope_status(
    conn: Connection,
    scope_code: str,
    product_code: str,
    period: Period,
    as_of: date | None = None,
    plan: PlanRecord | None = None,
) -> StatusRow:
    """The status of one scope and product over one period, against `plan`, else against
    the plan for exactly this scope, product and period if there is one."""
    if plan is None:
        found = load_plans(conn, scope=scope_code, product=product_code, period=period)
        plan = found[0] if found else None
    scope = resolve_scope(conn, scope_code)
    product = product_info(conn, product_code)
    as_of = as_of or _as_of(conn, scope, product, period)
    previous, year_before = period.previous(), period.year_earlier()
    first = min(previous.start, year_before.start)
    daily = daily_series(conn, scope, product, day_number(first), day_number(period.end))
    current = _window(daily, first, period)
    target = np.array([plan.target if plan is not None else np.nan])
    progress = plan_progress(current[None, :], period, as_of, target)
    yoy, prev = _growth(progress, daily, first, period, as_of)
    return _row(scope.code, scope.name, scope.name_zh, product, progress, 0, yoy[0], prev[0], plan)


def _window(daily: Floats, first: date, period: Period) -> Floats:
    lo = (period.start - first).days
    return daily[..., lo : lo + period.days]


def _growth(
    progress: Progress, daily: Floats, first: date, period: Period, as_of: date
) -> tuple[Floats, Floats]:
    """Growth vs the same period a year earlier and vs the previous period (%)."""
    out = []
    for earlier in (period.year_earlier(), period.previous()):
        n = comparable_days(period, earlier, as_of)
        before = _window(daily, first, earlier)[..., :n].sum(axis=-1)
        out.append(growth_pct(progress.cumulative, np.atleast_1d(before)))
    return out[0], out[1]


def _row(
    scope: str,
    name: str,
    name_zh: str | None,
    product: ProductInfo,
    p: Progress,
    i: int,
    yoy: float,
    prev: float,
    plan: PlanRecord | None,
) -> StatusRow:
    has_target = plan is not None
    return StatusRow(
        scope=scope,
        scope_name=name,
        scope_name_zh=name_zh,
        product=product.code,
        uom=product.uom,
        start=p.period.start,
        end=p.period.end,
        as_of=p.as_of,
        target=plan.target if plan is not None else None,
        cumulative=float(p.cumulative[i]),
        fulfilment_pct=_f(p.fulfilment_pct[i]) if has_target else None,
        completion_date=p.completion_date(i),
        days_ahead=p.days_ahead(i),
        overfulfilment_pct=_f(p.overfulfilment_pct[i]) if has_target else None,
        expected_to_date=_f(p.expected_to_date[i]) if has_target else None,
        ahead_days=_f(p.ahead_days[i]) if has_target else None,
        growth_yoy_pct=_f(yoy),
        growth_prev_pct=_f(prev),
        plan=plan.name if plan is not None else None,
        version=plan.version if plan is not None else None,
    )


def status_of_regions(
    engine: Engine, product_code: str, period: Period, as_of: date | None = None
) -> list[StatusRow]:
    """The status of every region (each with its subtree) for one product and period.

    One read of the aggregates for all regions, one rollup, one pass of the metrics;
    regions with a plan for exactly this product and period are measured against it.
    """
    require_current(engine)
    with engine.connect() as conn:
        product = product_info(conn, product_code)
        tree, codes = region_tree(conn)
        previous, year_before = period.previous(), period.year_earlier()
        first = min(previous.start, year_before.start)
        own = _own_daily(conn, tree.index(), product, first, period.end)
        daily = rollup(tree, own)
        if as_of is None:
            reported = np.flatnonzero(daily.any(axis=0))
            last = first + timedelta(days=int(reported[-1])) if reported.size else first
            as_of = min(max(last, period.start - timedelta(days=1)), date.today())
        by_region = _region_plans(conn, product, period)
        index = tree.index()
        targets = np.full(len(tree), np.nan)
        plan_of: dict[int, PlanRecord] = {}
        for region_id, plan in by_region.items():
            targets[index[region_id]] = plan.target
            plan_of[index[region_id]] = plan
        progress = plan_progress(_window(daily, first, period), period, as_of, targets)
        yoy, prev = _growth(progress, daily, first, period, as_of)
        names = dict(conn.execute(select(regions.c.id, regions.c.name)).all())
    return [
        _row(codes[rid], names[rid], None, product, progress, i, yoy[i], prev[i], plan_of.get(i))
        for i, rid in enumerate(tree.order)
    ]


def _own_daily(
    conn: Connection, index: dict[int, int], product: ProductInfo, first: date, last: date
) -> Floats:
    """Each region's own daily figures (rows in tree order) over [first, last]."""
    lo, hi = day_number(first), day_number(last)
    out = np.zeros((len(index), hi - lo + 1))

    def rows_of(d: Daily) -> npt.NDArray[np.int64]:
        return np.array([index[r] for r in d.region_ids], dtype=np.int64)

    if product.id is not None:
        d = read_totals(conn, product.id, lo, hi, with_value=False)
        out[rows_of(d)] += d.quantity
        return out
    for product_id, price in conn.execute(select(products.c.id, products.c.price)):
        d = read_totals(conn, product_id, lo, hi)
        out[rows_of(d)] += d.output_value(price)
    return out


def _region_plans(conn: Connection, product: ProductInfo, period: Period) -> dict[int, PlanRecord]:
    found = load_plans(conn, product=product.code, period=period)
    ids = dict(conn.execute(select(regions.c.code, regions.c.id)).all())
    return {ids[p.scope]: p for p in found if p.scope in ids}


def parse_period(period: str | None, start: date | None, end: date | None) -> Period | None:
    """The period of `--period` or of `--start/--end` (both), or None for neither."""
    if period is not None and (start is not None or end is not None):
        raise InputError([InputProblem("give --period or --start/--end, not both")])
    if period is not None:
        return Period.parse(period)
    if (start is None) != (end is None):
        raise InputError([InputProblem("give both --start and --end", column="end")])
    if start is not None and end is not None:
        return Period.of(start, end)
    return None
