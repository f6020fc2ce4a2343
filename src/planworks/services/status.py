"""Plan status: fulfilment, completion, days ahead, growth, for plans and for scopes."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Engine, func, select

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.periods import Period, day_number
from planworks.domain.tree import RegionTree
from planworks.metrics.forecast import CompletionForecast, completion_forecast
from planworks.metrics.fulfilment import Progress, comparable_days, growth_pct, plan_progress
from planworks.metrics.quality import quality
from planworks.metrics.rollup import rollup
from planworks.services.breakdown import planned_daily
from planworks.store.ledgers import rejected_by_region, rejected_daily
from planworks.store.migrate import require_current
from planworks.store.places import RegionsState, built_from_regions
from planworks.store.queries import (
    PlanRecord,
    ProductInfo,
    Scope,
    daily_by_grade,
    daily_series,
    last_report_day,
    load_plans,
    product_info,
    product_plans,
    resolve_scope,
)
from planworks.store.series import Daily, read_totals, read_usable
from planworks.store.tables import day_totals, products

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
    # output at or above the product's minimum grade over the same days (all of it when
    # the product has none; None for total output value)
    usable: float | None = None
    # the forecast of a plan in progress (`planworks.metrics.forecast`)
    p_meet_pct: float | None = None
    completion_p10: date | None = None
    completion_p50: date | None = None
    completion_p90: date | None = None

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
    with_merged: bool = False,
    forecast: bool = True,
) -> list[StatusRow]:
    """The status of every plan matching the filters (every plan without any).

    `with_merged`: a unit's figures include the units merged into it. Without
    `forecast`, region plans in progress come without their completion forecast (a
    model run per plan: an overview of many plans can leave it to each plan's page).

    With a scope, a product and a period but no plan for exactly them, one row with
    the actuals and no target. Region plans of the same product and period are measured
    together, in one pass over the region tree.
    """
    require_current(engine)
    with engine.connect() as conn:
        found = load_plans(conn, scope=scope, product=product, period=period)
        if not found and scope is not None and product is not None and period is not None:
            return [
                scope_status(conn, scope, product, period, as_of=as_of, with_merged=with_merged)
            ]
        tree = _Regions.load(conn)
        rows: dict[int, StatusRow] = {}
        groups: dict[tuple[str, date, date], list[PlanRecord]] = {}
        for p in found:
            if p.scope in tree.id_of:
                groups.setdefault((p.product, p.start, p.end), []).append(p)
            else:  # a unit's plan
                rows[p.id] = scope_status(
                    conn,
                    p.scope,
                    p.product,
                    Period.of(p.start, p.end),
                    as_of,
                    plan=p,
                    with_merged=with_merged,
                )
        for (product_code, start, end), group in groups.items():
            plans = {tree.node(p.scope): p for p in group}
            measured = _regions_status(
                conn,
                tree,
                product_info(conn, product_code),
                Period.of(start, end),
                as_of,
                plans,
                nodes=sorted(plans),
                forecast=forecast,
            )
            rows.update((plans[node].id, row) for node, row in measured.items())
        return [rows[p.id] for p in found]


def status_of_regions(
    engine: Engine,
    product_code: str,
    period: Period,
    as_of: date | None = None,
    *,
    forecast: bool | Collection[str] = False,
    only: Collection[str] | None = None,
) -> list[StatusRow]:
    """The status of every region (each with its subtree) for one product and period,
    in region-tree order; regions with a plan for exactly this product and period are
    measured against it. One read of the aggregates, one rollup, one pass of the metrics.
    The overview leaves out completion forecasts (a model run per region's series) unless
    `forecast` (True: every region's; a collection: these region codes' alone); `only`:
    the rows of these region codes alone (the rollup is the same).
    """
    require_current(engine)
    with engine.connect() as conn:
        tree = _Regions.load(conn)
        product = product_info(conn, product_code)
        every = product_plans(conn, product_code)  # read once: the breakdowns need them
        plans = {
            tree.node(p.scope): p
            for p in every
            if (p.start, p.end) == (period.start, period.end) and p.scope in tree.id_of
        }
        nodes = None if only is None else sorted({tree.node(c) for c in only if c in tree.id_of})
        ahead = (
            forecast
            if isinstance(forecast, bool)
            else {tree.node(c) for c in forecast if c in tree.id_of}
        )
        measured = _regions_status(
            conn, tree, product, period, as_of, plans, nodes=nodes, every=every, forecast=ahead
        )
    return [measured[i] for i in (range(len(tree.tree)) if nodes is None else nodes)]


@dataclass(frozen=True)
class _Regions:
    """The region tree with codes and names, read once per request."""

    tree: RegionTree[int]
    codes: tuple[str, ...]  # by node (index in tree order)
    names: tuple[str, ...]
    names_zh: tuple[str | None, ...]
    id_of: dict[str, int]  # region code -> region id

    @classmethod
    def load(cls, conn: Connection) -> _Regions:
        """The regions of this database (kept until they change)."""
        return built_from_regions(conn, "status regions", cls._of)

    @classmethod
    def _of(cls, state: RegionsState) -> _Regions:
        info = {r[0]: r for r in state}
        tree = RegionTree.build({i: r[1] for i, r in info.items()})
        ordered = [info[i] for i in tree.order]
        return cls(
            tree,
            tuple(r[2] for r in ordered),
            tuple(r[3] for r in ordered),
            tuple(r[4] for r in ordered),
            {r[2]: r[0] for r in ordered},
        )

    def node(self, code: str) -> int:
        return self.node_of[self.id_of[code]]

    @cached_property
    def node_of(self) -> dict[int, int]:
        """Region id -> node."""
        return self.tree.index()


def _regions_status(
    conn: Connection,
    regions_: _Regions,
    product: ProductInfo,
    period: Period,
    as_of: date | None,
    plans: dict[int, PlanRecord],
    nodes: list[int] | None = None,
    every: list[PlanRecord] | None = None,
    forecast: bool | Collection[int] = True,
) -> dict[int, StatusRow]:
    """Status rows of the given nodes of the region tree (all without `nodes`); `every`
    is all the product's plans, when they have been read already; `forecast`: with the
    completion forecast of plans in progress (of all, or of these nodes' alone)."""
    first = min(period.previous().start, period.year_earlier().start)
    # read up to the last year with data, to know each region's last report day
    last = max(period.end, _last_year_end(conn, product))
    chosen = list(range(len(regions_.tree))) if nodes is None else nodes
    # only the regions below the chosen ones are read and rolled up
    tree, kept = regions_.tree, None
    if nodes is not None:
        tree, kept = regions_.tree.spanned(nodes)
        at = {node: i for i, node in enumerate(kept)}
        rows = [at[node] for node in chosen]
    else:
        rows = chosen
    everything = kept is None or len(kept) == len(regions_.tree)
    index = regions_.node_of if kept is None else tree.index()  # region id -> row
    own = _own_daily(conn, index, product, first, last, every_region=everything)
    daily = rollup(tree, own)[rows]
    if as_of is None:
        reported = daily > 0
        last_index = daily.shape[1] - 1 - reported[:, ::-1].argmax(axis=1)
        last_index[~reported.any(axis=1)] = -1
        today, before = date.today(), period.start - timedelta(days=1)
        dates = [
            min(first + timedelta(days=int(k)), today) if k >= 0 else before for k in last_index
        ]
    else:
        dates = [as_of] * len(chosen)
    targets = np.array([plans[n].target if n in plans else np.nan for n in chosen])
    # the plans that may break the measured ones down, read once rather than once each
    measured = {plans[node].scope for node in chosen if node in plans}
    shorter: dict[str, list[PlanRecord]] = {scope: [] for scope in measured}
    if plans and every is None:
        every = product_plans(conn, product.code)
    for p in every or []:
        if p.scope in measured:
            shorter[p.scope].append(p)
    planned = np.array(
        [
            _planned(conn, plan, period, shorter.get(plan.scope, []))
            if (plan := plans.get(node)) is not None
            else np.full(period.days, np.nan)
            for node in chosen
        ]
    )
    progress = plan_progress(
        _window(daily, first, period), period, dates, targets, planned_daily=planned
    )
    yoy, prev = _growth(progress, daily, first, period)
    ahead = {}
    if forecast is True:
        ahead = _forecasts(daily, first, period, progress, targets)
    elif forecast:  # these nodes' alone: the others' targets are left out of the model
        asked = np.isin(np.asarray(chosen), list(forecast))
        ahead = _forecasts(daily, first, period, progress, np.where(asked, targets, np.nan))
    usable = _usable_of_regions(conn, tree, index, rows, product, period, progress)
    return {
        node: _row(
            regions_.codes[node],
            regions_.names[node],
            regions_.names_zh[node],
            product,
            progress,
            i,
            yoy[i],
            prev[i],
            plans.get(node),
            ahead.get(i),
            None if usable is None else float(usable[i]),
        )
        for i, node in enumerate(chosen)
    }


def _elapsed(period: Period, progress: Progress) -> npt.NDArray[np.bool_]:
    """(rows, period days): the days of the period each row counts, up to its as-of day."""
    days = np.array([(min(d, period.end) - period.start).days + 1 for d in progress.as_of])
    counted: npt.NDArray[np.bool_] = np.arange(period.days)[None, :] < days[:, None]
    return counted


def _usable_of_regions(
    conn: Connection,
    tree: RegionTree[int],
    index: dict[int, int],
    chosen: list[int],
    product: ProductInfo,
    period: Period,
    progress: Progress,
) -> Floats | None:
    """Each chosen region's usable output over its counted days (None for value): graded
    at or above the minimum (all of it without one), less what was refused downstream.
    The tree may be a part of the region tree (see `RegionTree.spanned`), `index` its
    rows by region id."""
    if product.id is None:
        return None
    lo, hi = day_number(period.start), day_number(period.end)
    counted = _elapsed(period, progress)
    if product.min_grade is None:
        usable = np.asarray(progress.cumulative, dtype=np.float64)
    else:
        ids, found = read_usable(conn, product.id, lo, hi, product.min_grade)
        usable = _counted_rollup(tree, index, chosen, ids, found, counted)
    ids, refused = rejected_by_region(conn, product.id, lo, hi)
    if ids:
        usable = np.maximum(usable - _counted_rollup(tree, index, chosen, ids, refused, counted), 0)
    return usable


def _counted_rollup(
    tree: RegionTree[int],
    index: dict[int, int],
    chosen: list[int],
    ids: tuple[int, ...],
    own: Floats,
    counted: npt.NDArray[np.bool_],
) -> Floats:
    """The chosen regions' totals over their counted days of `own` (the daily figures
    of the regions `ids`' own units)."""
    mine = [i for i, r in enumerate(ids) if r in index]
    at = [index[ids[i]] for i in mine]
    if (counted == counted[0]).all():  # one as-of day for all: add up the days first
        rows = np.zeros((len(tree), 1))
        days = int(counted[0].sum())  # the counted days are the period's first ones
        rows[at, 0] = own[:, :days].sum(axis=1)[mine]
        total: Floats = rollup(tree, rows)[chosen, 0]
        return total
    rows = np.zeros((len(tree), own.shape[1]))
    rows[at] = own[mine]
    rolled: Floats = np.where(counted, rollup(tree, rows)[chosen], 0.0).sum(axis=1)
    return rolled


def _forecasts(
    daily: Floats, first: date, period: Period, progress: Progress, targets: Floats
) -> dict[int, CompletionForecast]:
    """The completion forecast of each row's plan in progress, by row."""
    out: dict[int, CompletionForecast] = {}
    for day in set(progress.as_of):
        rows = np.flatnonzero(np.array([d == day for d in progress.as_of]))
        width = (day - first).days + 1
        if width <= 0:
            continue
        found = completion_forecast(
            daily[rows, :width], progress.cumulative[rows], targets[rows], day, period.end
        )
        out.update((int(r), f) for r, f in zip(rows, found, strict=True) if f is not None)
    return out


def _planned(
    conn: Connection,
    plan: PlanRecord | None,
    period: Period,
    candidates: Sequence[PlanRecord] | None = None,
) -> Floats:
    """The plan's target by day as its breakdown has it; NaN (pro rata) without one."""
    inside = candidates is None or any(
        period.start <= p.start
        and p.end <= period.end
        and (p.start, p.end) != (period.start, period.end)
        for p in candidates
    )
    shape = None if plan is None or not inside else planned_daily(conn, plan, period, candidates)
    return np.full(period.days, np.nan) if shape is None else shape


def _last_year_end(conn: Connection, product: ProductInfo) -> date:
    stmt = select(func.max(day_totals.c.year))
    if product.id is not None:
        stmt = stmt.where(day_totals.c.product_id == product.id)
    year = conn.execute(stmt).scalar_one_or_none()
    return date.min if year is None else date(year, 12, 31)


def scope_status(
    conn: Connection,
    scope_code: str,
    product_code: str,
    period: Period,
    as_of: date | None = None,
    plan: PlanRecord | None = None,
    *,
    with_merged: bool = False,
) -> StatusRow:
    """The status of one scope and product over one period, against `plan`, else against
    the plan for exactly this scope, product and period if there is one."""
    if plan is None:
        found = load_plans(conn, scope=scope_code, product=product_code, period=period)
        plan = found[0] if found else None
    scope = resolve_scope(conn, scope_code, with_merged=with_merged)
    product = product_info(conn, product_code)
    as_of = as_of or _as_of(conn, scope, product, period)
    first = min(period.previous().start, period.year_earlier().start)
    daily = daily_series(conn, scope, product, day_number(first), day_number(period.end))[None, :]
    target = np.array([plan.target if plan is not None else np.nan])
    shape = None if plan is None else planned_daily(conn, plan, period)
    progress = plan_progress(
        _window(daily, first, period),
        period,
        as_of,
        target,
        planned_daily=None if shape is None else shape[None, :],
    )
    yoy, prev = _growth(progress, daily, first, period)
    ahead = _forecasts(daily, first, period, progress, target)
    return _row(
        scope.code,
        scope.name,
        scope.name_zh,
        product,
        progress,
        0,
        yoy[0],
        prev[0],
        plan,
        ahead.get(0),
        _usable_of_scope(conn, scope, product, period, progress),
    )


def _usable_of_scope(
    conn: Connection, scope: Scope, product: ProductInfo, period: Period, progress: Progress
) -> float | None:
    """The scope's usable output over its counted days (None for value)."""
    if product.id is None:
        return None
    lo, hi = day_number(period.start), day_number(period.end)
    counted = _elapsed(period, progress)[0]
    refused = float(rejected_daily(conn, scope, product.id, lo, hi)[counted].sum())
    graded: dict[float, float] = {}
    if product.min_grade is not None:
        by_grade = daily_by_grade(conn, scope, product, lo, hi)
        graded = {g: float(q[counted].sum()) for g, q in by_grade.items()}
    cumulative = float(progress.cumulative[0])
    return quality(graded, cumulative, product.min_grade, refused).usable


def _window(daily: Floats, first: date, period: Period) -> Floats:
    lo = (period.start - first).days
    return daily[..., lo : lo + period.days]


def _growth(
    progress: Progress, daily: Floats, first: date, period: Period
) -> tuple[Floats, Floats]:
    """Growth vs the same period a year earlier and vs the previous period (%), each row
    compared over as many days as it has elapsed (the whole period once it is over)."""
    out = []
    for earlier in (period.year_earlier(), period.previous()):
        days = np.array([comparable_days(period, earlier, d) for d in progress.as_of])
        window = _window(daily, first, earlier)
        counted = np.arange(window.shape[-1])[None, :] < days[:, None]
        before = np.where(counted, window, 0.0).sum(axis=-1)
        out.append(growth_pct(progress.cumulative, before))
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
    forecast: CompletionForecast | None = None,
    usable: float | None = None,
) -> StatusRow:
    has_target = plan is not None
    done = p.completion_date(i)
    return StatusRow(
        scope=scope,
        scope_name=name,
        scope_name_zh=name_zh,
        product=product.code,
        uom=product.uom,
        start=p.period.start,
        end=p.period.end,
        as_of=p.as_of[i],
        target=plan.target if plan is not None else None,
        cumulative=p.cumulative.item(i),
        fulfilment_pct=_f(p.fulfilment_pct.item(i)) if has_target else None,
        completion_date=done,
        days_ahead=None if done is None else (p.period.end - done).days,
        overfulfilment_pct=_f(p.overfulfilment_pct.item(i)) if has_target else None,
        expected_to_date=_f(p.expected_to_date.item(i)) if has_target else None,
        ahead_days=_f(p.ahead_days.item(i)) if has_target else None,
        growth_yoy_pct=_f(yoy),
        growth_prev_pct=_f(prev),
        plan=plan.name if plan is not None else None,
        version=plan.version if plan is not None else None,
        usable=usable,
        p_meet_pct=None if forecast is None else forecast.p_meet_pct,
        completion_p10=None if forecast is None else forecast.p10,
        completion_p50=None if forecast is None else forecast.p50,
        completion_p90=None if forecast is None else forecast.p90,
    )


def _own_daily(
    conn: Connection,
    index: dict[int, int],
    product: ProductInfo,
    first: date,
    last: date,
    *,
    every_region: bool = True,
) -> Floats:
    """Each region's own daily figures (rows in tree order) over [first, last] for the
    regions of `index` (region id -> row). With `every_region` the index holds every
    region and all rows are read at once; without, only the index's regions are read."""
    lo, hi = day_number(first), day_number(last)
    out = np.zeros((len(index), hi - lo + 1))
    only = None if every_region else list(index)

    def rows_of(d: Daily) -> npt.NDArray[np.int64]:
        return np.array([index[r] for r in d.region_ids], dtype=np.int64)

    if product.id is not None:
        d = read_totals(conn, product.id, lo, hi, only, with_value=False)
        out[rows_of(d)] += d.quantity
        return out
    for product_id, price in conn.execute(select(products.c.id, products.c.price)):
        d = read_totals(conn, product_id, lo, hi, only)
        out[rows_of(d)] += d.output_value(price)
    return out


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
