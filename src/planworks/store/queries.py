"""Reading figures for a scope: daily series, grades, units producing, plans.

A scope is a region (with its whole subtree) or one unit. Region figures come from the
aggregates (`planworks.store.series`), never from raw reports; unit figures come from
the unit's own reports, counting only the latest version of each.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, case, exists, func, literal, or_, select
from sqlalchemy.sql import ColumnElement

from planworks.domain.errors import NotFoundError
from planworks.domain.model import VALUE, parse_grades
from planworks.domain.periods import Period, day_number, from_day_number
from planworks.domain.tree import RegionTree
from planworks.store.among import among
from planworks.store.places import RegionsState, built_from_regions, data_stamp
from planworks.store.series import Daily, decode_many, read_grades, read_totals, split_days
from planworks.store.tables import day_totals, plans, products, regions, reports, unit_months, units

__all__ = [
    "PlanRecord",
    "ProductInfo",
    "Scope",
    "daily_by_grade",
    "daily_series",
    "first_report_year",
    "is_newest",
    "last_report_day",
    "load_plans",
    "product_info",
    "product_plans",
    "region_tree",
    "resolve_scope",
    "units_producing",
]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Scope:
    """A region subtree or a unit."""

    code: str
    name: str
    name_zh: str | None
    unit_ids: tuple[int, ...] = ()  # the unit (and, if asked, the units merged into it)
    region_ids: tuple[int, ...] = ()  # the region and everything below it

    @property
    def is_unit(self) -> bool:
        return bool(self.unit_ids)


@dataclass(frozen=True)
class ProductInfo:
    id: int | None  # None for total output value
    code: str
    name: str
    name_zh: str | None
    uom: str
    price: float | None
    grades: tuple[float, ...]
    min_grade: float | None
    uom_zh: str | None = None  # the unit of measure in Chinese (吨), if given


def region_tree(conn: Connection) -> tuple[RegionTree[int], dict[int, str]]:
    """The region tree (by id) and each region's code (kept until the regions change)."""
    tree, codes = built_from_regions(conn, "tree by id", _tree_by_id)
    return tree, dict(codes)


def _tree_by_id(state: RegionsState) -> tuple[RegionTree[int], dict[int, str]]:
    return RegionTree.build({r[0]: r[1] for r in state}), {r[0]: r[2] for r in state}


def resolve_scope(conn: Connection, code: str, *, with_merged: bool = False) -> Scope:
    """The region or unit of that code (regions first); `NotFoundError` if neither.

    With `with_merged`, a unit's scope also holds the units merged into it, and those
    merged into them: its history follows it through every merge.
    """
    region = conn.execute(
        select(regions.c.id, regions.c.name, regions.c.name_zh).where(regions.c.code == code)
    ).one_or_none()
    if region is not None:
        tree, _ = region_tree(conn)
        return Scope(code, region.name, region.name_zh, region_ids=tuple(tree.subtree(region.id)))
    unit = conn.execute(
        select(units.c.id, units.c.name, units.c.name_zh).where(units.c.code == code)
    ).one_or_none()
    if unit is not None:
        ids = [unit.id]
        if with_merged:
            merged = dict(
                conn.execute(
                    select(units.c.id, units.c.merged_into_id).where(
                        units.c.merged_into_id.is_not(None)
                    )
                ).all()
            )
            frontier = [unit.id]
            while frontier:
                frontier = [u for u, into in merged.items() if into in frontier]
                ids += frontier
        return Scope(code, unit.name, unit.name_zh, unit_ids=tuple(ids))
    raise NotFoundError(f"no region or unit has the code {code!r}")


def product_info(conn: Connection, code: str) -> ProductInfo:
    if code == VALUE:
        return ProductInfo(None, VALUE, "total output value", "总产值", "yuan", 1.0, (), None, "元")
    row = conn.execute(select(products).where(products.c.code == code)).one_or_none()
    if row is None:
        raise NotFoundError(f"no product has the code {code!r}")
    return ProductInfo(
        row.id,
        row.code,
        row.name,
        row.name_zh,
        row.uom,
        row.price,
        parse_grades(row.grades),
        row.min_grade,
        row.uom_zh,
    )


def units_in_scope(scope: Scope) -> ColumnElement[bool]:
    """The unit is the scope's (a unit scope) or in its regions (a region scope)."""
    if scope.is_unit:
        return units.c.id.in_(scope.unit_ids)
    return among(units.c.region_id, scope.region_ids)


def is_newest() -> ColumnElement[bool]:
    """The report is the latest version: no later report supersedes it."""
    later = reports.alias("later")
    return ~exists().where(later.c.supersedes == reports.c.id)


def daily_series(
    conn: Connection, scope: Scope, product: ProductInfo, first_day: int, last_day: int
) -> Floats:
    """Quantity (or, for total output value, value) per day over [first_day, last_day]."""
    if product.id is None:
        return _daily_value(conn, scope, first_day, last_day)
    daily = _daily(conn, scope, product.id, first_day, last_day, with_value=False)
    total: Floats = daily.quantity.sum(axis=0)
    return total


def _daily(
    conn: Connection,
    scope: Scope,
    product_id: int,
    first_day: int,
    last_day: int,
    *,
    with_value: bool = True,
) -> Daily:
    if not scope.is_unit:
        return read_totals(
            conn, product_id, first_day, last_day, scope.region_ids, with_value=with_value
        )
    width = last_day - first_day + 1
    out = [np.zeros((1, width)) for _ in range(3)]
    stmt = (
        select(
            reports.c.day,
            func.sum(reports.c.quantity),
            func.sum(func.coalesce(reports.c.value, 0.0)),
            func.sum(case((reports.c.value.is_(None), 0.0), else_=reports.c.quantity)),
        )
        .where(
            reports.c.unit_id.in_(scope.unit_ids),
            reports.c.product_id == product_id,
            reports.c.day.between(first_day, last_day),
            is_newest(),
        )
        .group_by(reports.c.day)
    )
    for day, quantity, value, valued in conn.execute(stmt):
        for m, x in enumerate((quantity, value, valued)):
            out[m][0, day - first_day] = x
    return Daily(first_day, (), out[0], out[1], out[2])


def _daily_value(conn: Connection, scope: Scope, first_day: int, last_day: int) -> Floats:
    """Output value per day: the value reports give, else quantity x constant price."""
    total = np.zeros(last_day - first_day + 1)
    for product_id, price in conn.execute(select(products.c.id, products.c.price)):
        total += (
            _daily(conn, scope, product_id, first_day, last_day).output_value(price).sum(axis=0)
        )
    return total


def daily_by_grade(
    conn: Connection, scope: Scope, product: ProductInfo, first_day: int, last_day: int
) -> dict[float, Floats]:
    """Quantity per day by grade (graded reports only) over [first_day, last_day]."""
    if product.id is None:
        return {}
    if not scope.is_unit:
        return read_grades(conn, product.id, first_day, last_day, scope.region_ids)
    stmt = (
        select(reports.c.grade, reports.c.day, func.sum(reports.c.quantity))
        .where(
            reports.c.unit_id.in_(scope.unit_ids),
            reports.c.product_id == product.id,
            reports.c.day.between(first_day, last_day),
            reports.c.grade.is_not(None),
            is_newest(),
        )
        .group_by(reports.c.grade, reports.c.day)
    )
    out: dict[float, Floats] = {}
    for grade, day, quantity in conn.execute(stmt):
        out.setdefault(float(grade), np.zeros(last_day - first_day + 1))[day - first_day] = quantity
    return out


def first_report_year(conn: Connection, product: ProductInfo) -> int | None:
    """The first year with any output of the product (any product for value), anywhere."""
    stmt = select(func.min(day_totals.c.year))
    if product.id is not None:
        stmt = stmt.where(day_totals.c.product_id == product.id)
    year = conn.execute(stmt).scalar_one_or_none()
    return None if year is None else int(year)


def last_report_day(conn: Connection, scope: Scope, product: ProductInfo) -> date | None:
    """The last day with any output of the product (any product for value) in the scope."""
    if scope.is_unit:
        stmt = select(func.max(reports.c.day)).where(reports.c.unit_id.in_(scope.unit_ids))
        if product.id is not None:
            stmt = stmt.where(reports.c.product_id == product.id)
        day = conn.execute(stmt).scalar_one_or_none()
        return None if day is None else from_day_number(day)
    series = select(day_totals.c.year, day_totals.c.quantity).where(
        among(day_totals.c.region_id, scope.region_ids)
    )
    if product.id is not None:
        series = series.where(day_totals.c.product_id == product.id)
    by_year: dict[int, list[bytes]] = {}
    for year, blob in conn.execute(series).all():  # one fetch, not one a row
        by_year.setdefault(year, []).append(blob)
    # the latest year with output decides: its vectors at once, the last day any has
    for year in sorted(by_year, reverse=True):
        nonzero = np.flatnonzero(decode_many(by_year[year]).any(axis=0))
        if nonzero.size:
            return from_day_number(day_number(date(year, 1, 1)) + int(nonzero[-1]))
    return None


def units_producing(conn: Connection, scope: Scope, product: ProductInfo, period: Period) -> int:
    """How many distinct units had output above 0 during the period.

    Whole months come from the per-unit monthly totals; the days of a month the period
    only partly covers come from the reports themselves.
    """
    first, last = day_number(period.start), day_number(period.end)
    months = _months(first, last)
    whole = [m for m, lo, hi in months if lo == _month_first(m) and hi == _month_last(m)]
    partial = [(lo, hi) for m, lo, hi in months if m not in whole]
    conds = [unit_months.c.quantity > 0]
    rconds = [reports.c.quantity > 0]
    if product.id is not None:
        conds.append(unit_months.c.product_id == product.id)
        rconds.append(reports.c.product_id == product.id)
    if scope.is_unit:
        conds.append(unit_months.c.unit_id.in_(scope.unit_ids))
        rconds.append(reports.c.unit_id.in_(scope.unit_ids))
    found: set[int] = set()
    if whole:
        stmt = select(unit_months.c.unit_id).where(unit_months.c.month.in_(whole), *conds)
        if not scope.is_unit:
            stmt = stmt.join(units, units.c.id == unit_months.c.unit_id).where(
                among(units.c.region_id, scope.region_ids)
            )
        found.update(conn.execute(stmt.distinct()).scalars())
    for lo, hi in partial:
        stmt = select(reports.c.unit_id).where(reports.c.day.between(lo, hi), is_newest(), *rconds)
        if not scope.is_unit:
            stmt = stmt.join(units, units.c.id == reports.c.unit_id).where(
                among(units.c.region_id, scope.region_ids)
            )
        found.update(conn.execute(stmt.distinct()).scalars())
    return len(found)


def _months(first: int, last: int) -> list[tuple[int, int, int]]:
    """(month number, first day, last day) of each month [first, last] touches."""
    out = []
    day = first
    while day <= last:
        y, _ = split_days([day])
        d = from_day_number(day)
        m = int(y[0]) * 12 + d.month - 1
        hi = min(last, _month_last(m))
        out.append((m, day, hi))
        day = hi + 1
    return out


def _month_first(m: int) -> int:
    return day_number(date(m // 12, m % 12 + 1, 1))


def _month_last(m: int) -> int:
    return _month_first(m + 1) - 1


@dataclass(frozen=True)
class PlanRecord:
    """The newest version of a plan."""

    id: int
    scope: str
    product: str  # a product code, or VALUE
    start: date
    end: date
    target: float
    name: str | None
    version: int
    priority: float | None = None


_plans_lock = threading.Lock()
_kept_plans: dict[tuple[str, str], tuple[tuple[Any, ...], list[PlanRecord]]] = {}


def product_plans(conn: Connection, product: str) -> list[PlanRecord]:
    """`load_plans(conn, product=product)`, kept per process until the plans or the
    regions change (their stamps, see `data_stamp`): what the status of many regions
    breaks its plans down with, on every plan page."""
    stamps = (data_stamp(conn, "plans"), data_stamp(conn, "regions"))
    key = (str(conn.engine.url), product)
    if None not in stamps:
        with _plans_lock:
            hit = _kept_plans.get(key)
        if hit is not None and hit[0] == stamps:
            return list(hit[1])
    found = load_plans(conn, product=product)
    if None not in stamps:
        with _plans_lock:
            _kept_plans[key] = (stamps, found)
    return list(found)


def load_plans(
    conn: Connection,
    *,
    scope: str | None = None,
    product: str | None = None,
    period: Period | None = None,
) -> list[PlanRecord]:
    """The newest version of every plan matching the filters (all plans without any)."""
    scope_code = func.coalesce(regions.c.code, units.c.code)
    product_code = func.coalesce(products.c.code, literal(VALUE))
    stmt = (
        select(
            plans.c.id,
            plans.c.region_id,
            plans.c.unit_id,
            plans.c.product_id,
            scope_code.label("scope"),
            product_code.label("product"),
            plans.c.start,
            plans.c.end,
            plans.c.target,
            plans.c.name,
            plans.c.version,
            plans.c.priority,
        )
        .select_from(plans)
        .outerjoin(regions, regions.c.id == plans.c.region_id)
        .outerjoin(units, units.c.id == plans.c.unit_id)
        .outerjoin(products, products.c.id == plans.c.product_id)
    )
    if scope is not None:  # by id, so that the index serves
        region_id = select(regions.c.id).where(regions.c.code == scope).scalar_subquery()
        unit_id = select(units.c.id).where(units.c.code == scope).scalar_subquery()
        stmt = stmt.where(or_(plans.c.region_id == region_id, plans.c.unit_id == unit_id))
    if product == VALUE:
        stmt = stmt.where(plans.c.product_id.is_(None))
    elif product is not None:
        product_id = select(products.c.id).where(products.c.code == product).scalar_subquery()
        stmt = stmt.where(plans.c.product_id == product_id)
    if period is not None:
        stmt = stmt.where(
            plans.c.start == day_number(period.start), plans.c.end == day_number(period.end)
        )
    newest: dict[tuple[Any, ...], Any] = {}
    for r in map(tuple, conn.execute(stmt).all()):  # plain tuples: rows are slow to index
        # (id, region_id, unit_id, product_id, scope, product, start, end, ..., version, _)
        key = (r[1], r[2], r[3], r[6], r[7])
        if key not in newest or r[10] > newest[key][10]:
            newest[key] = r
    ordered = sorted(newest.values(), key=lambda r: (r[6], r[4], r[7], r[0]))
    return [
        PlanRecord(
            r[0],
            r[4],
            r[5],
            from_day_number(r[6]),
            from_day_number(r[7]),
            r[8],
            r[9],
            r[10],
            r[11],
        )
        for r in ordered
    ]
